import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../modules/users/user.entity.js';

/**
 * One issued refresh token. Tokens from one login share a `family`; using a token marks it
 * used, and presenting a used token again revokes the whole family (it was stolen or replayed) —
 * unless it is the retry of the exchange that used it, whose answer the client never received
 * (`exchangeId`, `successorId`; account.service.ts).
 */
@Entity({ tableName: 'refresh_session' })
@Index({ name: 'refresh_session_family_idx', properties: ['family'] })
export class RefreshSession {
  [OptionalProps]?: 'createdAt' | 'usedAt' | 'revokedAt' | 'exchangeId' | 'successorId';

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

  /** The `clientMutationId` the exchange that used this token was sent with, if any. */
  @Property({ type: 'string', length: 1024, nullable: true })
  exchangeId: string | null = null;

  /** The token that exchange issued (the latest one, after retries). */
  @Property({ type: 'uuid', nullable: true })
  successorId: string | null = null;

  /** Neither revoked nor expired (it may have been used). */
  isLive(now = new Date()): boolean {
    return !this.revokedAt && this.expiresAt > now;
  }
}
