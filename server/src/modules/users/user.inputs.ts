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

  @Field(() => String, { nullable: true, description: 'An https URL (or the current uploaded avatar, unchanged); an empty string removes the avatar. Upload an image with POST /uploads/avatar.' })
  avatarUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'In international form (+ and country code); stored as E.164. An empty string removes it.',
  })
  phone?: string | null;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class SetUserRoleInput {
  @Field(() => Role)
  role!: Role;
}
