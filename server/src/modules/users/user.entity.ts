import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../../auth/role.js';

export { Role };

@Entity({ tableName: 'users' })
@Index({ name: 'users_search_trgm', expression: 'create index "users_search_trgm" on "users" using gin ((username || \' \' || name) gin_trgm_ops)' })
@ObjectType({ simpleResolvers: true })
export class User {
  [OptionalProps]?: 'role' | 'avatarUrl' | 'phone' | 'bio' | 'createdAt' | 'updatedAt' | 'version';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String)
  username!: string;

  /** Exposed through a field resolver: only the user themself and admins may read it. */
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Property({ type: 'string', length: 1600 })
  @Field(() => String)
  name!: string;

  @Property({ type: 'text', hidden: true, lazy: false })
  passwordHash!: string;

  @Enum({ items: () => Role, nativeEnumName: 'user_role' })
  @Field(() => Role)
  role: Role = Role.USER;

  /** An https URL elsewhere, or the path of an image uploaded here (`/avatars/<hash>.webp`). */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  avatarUrl: string | null = null;

  /** E.164. Exposed through a field resolver, like `email`. */
  @Property({ type: 'string', length: 16, nullable: true })
  phone: string | null = null;

  @Property({ type: 'string', length: 8000, default: '' })
  @Field(() => String)
  bio: string = '';

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date)
  updatedAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number;
}
