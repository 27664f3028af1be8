import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';

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
