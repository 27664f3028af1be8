import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { Public, SignedIn } from '../../auth/access.js';
import { CurrentViewer } from '../../auth/current-viewer.js';
import { type RateLimiter, rateLimiter } from '../../auth/rate-limit.js';
import type { Viewer } from '../../auth/viewer.js';
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
import { storyRunner } from '../stories/api.js';

/** The rest of this response is read as the user who just signed in (e.g. their own email). */
async function signIn(context: RequestContext, opening: Promise<accounts.Session>): Promise<accounts.Session> {
  const session = await opening;
  context.viewer = session.viewer;
  return session;
}

/** The attempt counts against this caller's address, as every alias in one request does. */
function limiter(context: RequestContext): RateLimiter {
  return rateLimiter(context.app, context.ip, context.traceId);
}

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
    return signIn(context, accounts.register(context.em, context.app.tokens, limiter(context), input));
  }

  @Public()
  @Mutation(() => AuthPayload)
  login(@Arg('input') input: LoginInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return signIn(context, accounts.login(context.em, context.app.tokens, limiter(context), input));
  }

  @Public()
  @Mutation(() => AuthPayload)
  refreshToken(@Arg('input') input: RefreshTokenInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return signIn(context, accounts.refreshSession(context.em, context.app.tokens, limiter(context), input));
  }

  @Public()
  @Mutation(() => Boolean)
  logout(@Arg('input') input: LogoutInput, @Ctx() context: RequestContext): Promise<boolean> {
    return accounts.logout(context.em, context.viewer?.id ?? null, input.refreshToken);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Ends every other session of this account.' })
  changePassword(@Arg('input') input: ChangePasswordInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<boolean> {
    return accounts.changePassword(context.em, viewer, input);
  }

  @SignedIn()
  @Mutation(() => Boolean)
  deleteAccount(@Arg('input') input: DeleteAccountInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<boolean> {
    return accounts.deleteAccount(context.em, viewer, input, storyRunner(context.app));
  }
}
