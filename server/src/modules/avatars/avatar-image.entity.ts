import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity.js';

/**
 * A member's uploaded avatar, re-encoded by us, in both served sizes. In PostgreSQL rather than on
 * disk so that every instance serves it (docs/decisions/004). At most one per member: an upload
 * replaces the previous row in the transaction that points `users.avatar_url` at the new one.
 */
@Entity({ tableName: 'avatar_image' })
@Index({ name: 'avatar_image_hash_idx', properties: ['hash'] })
export class AvatarImage {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Cascade only as a backstop: account deletion removes the row itself, in its transaction. */
  @ManyToOne(() => User, { deleteRule: 'cascade', unique: true })
  user!: User;

  /** SHA-256 (base64url) of `large`: the URL names the content, so it may be cached forever. */
  @Property({ type: 'string', length: 43 })
  hash!: string;

  /** 256×256 WebP. */
  @Property({ type: 'blob', lazy: true })
  large!: Buffer;

  /** 64×64 WebP, for lists. */
  @Property({ type: 'blob', lazy: true })
  small!: Buffer;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
