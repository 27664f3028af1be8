import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../modules/users/user.entity.js';

/**
 * One issued refresh token. Tokens from one login share a `family`; using a token marks it
 * used, and presenting a used token again revokes the whole family (it was stolen or replayed).
 */
@Entity({ tableName: 'refresh_session' })
@Index({ name: 'refresh_session_family_idx', properties: ['family'] })
export class RefreshSession {
  [OptionalProps]?: 'createdAt' | 'usedAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: User;

  @Property({ type: 'uuid' })
  family!: string;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
