import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { Public, SignedIn } from '../../auth/access.js';
import {
  AuthPayload,
  ChangePasswordInput,
  DeleteAccountInput,
  LoginInput,
  LogoutInput,
  RefreshTokenInput,
  RegisterInput,
} from './account.inputs.js';
import * as accounts from './account.service.js';
import { User } from './user.entity.js';

@Resolver()
export class AccountResolver {
  @Public()
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when not signed in.' })
  async me(@Ctx() context: RequestContext): Promise<User | null> {
    if (!context.viewer) return null;
    return context.em.findOne(User, { id: context.viewer.id });
  }

  @Public()
  @Mutation(() => AuthPayload)
  register(@Arg('input') input: RegisterInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return accounts.register(context, input);
  }

  @Public()
  @Mutation(() => AuthPayload)
  login(@Arg('input') input: LoginInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return accounts.login(context, input);
  }

  @Public()
  @Mutation(() => AuthPayload)
  refreshToken(@Arg('input') input: RefreshTokenInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return accounts.refreshSession(context, input.refreshToken);
  }

  @Public()
  @Mutation(() => Boolean)
  logout(@Arg('input') input: LogoutInput, @Ctx() context: RequestContext): Promise<boolean> {
    return accounts.logout(context, input.refreshToken);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Ends every other session of this account.' })
  changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() context: RequestContext): Promise<boolean> {
    return accounts.changePassword(context, input);
  }

  @SignedIn()
  @Mutation(() => Boolean)
  deleteAccount(@Arg('input') input: DeleteAccountInput, @Ctx() context: RequestContext): Promise<boolean> {
    return accounts.deleteAccount(context, input);
  }
}
