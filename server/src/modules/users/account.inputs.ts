import { Field, InputType, ObjectType } from 'type-graphql';
import { CLIENT_MUTATION_ID_MAX } from '../../shared/client-mutations.js';
import { User } from './user.entity.js';

const REFRESH_EXCHANGE_ID_DESCRIPTION =
  `Optional, 1 to ${CLIENT_MUTATION_ID_MAX} characters, chosen by the client for this exchange (a UUID, say) and kept with ` +
  'the refresh token until the answer arrives. Sent again with the same token — the first answer was lost to a ' +
  'reload or the network — it gets a new grant for the same session, provided the token the first answer carried ' +
  'was never used; that token is then spent. Any other second use of a refresh token revokes the whole session.';

@InputType()
export class RegisterInput {
  @Field()
  username!: string;

  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field()
  name!: string;
}

@InputType()
export class LoginInput {
  @Field()
  usernameOrEmail!: string;

  @Field()
  password!: string;
}

@InputType()
export class RefreshTokenInput {
  @Field()
  refreshToken!: string;

  @Field(() => String, { nullable: true, description: REFRESH_EXCHANGE_ID_DESCRIPTION })
  clientMutationId?: string | null;
}

@InputType()
export class LogoutInput {
  @Field()
  refreshToken!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field()
  newPassword!: string;
}

@InputType()
export class DeleteAccountInput {
  @Field()
  password!: string;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>`; short-lived.' })
  accessToken!: string;

  @Field({ description: 'Exchange with `refreshToken` for a new pair; single use.' })
  refreshToken!: string;

  @Field(() => Date)
  accessTokenExpiresAt!: Date;

  @Field(() => User)
  user!: User;
}
