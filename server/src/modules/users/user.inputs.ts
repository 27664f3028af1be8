import { Field, InputType, Int } from 'type-graphql';
import { Role } from '../../auth/role.js';

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  bio?: string | null;

  @Field(() => String, { nullable: true, description: 'An https URL; an empty string removes the avatar.' })
  avatarUrl?: string | null;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class SetUserRoleInput {
  @Field(() => Role)
  role!: Role;
}
