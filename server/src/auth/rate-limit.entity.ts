import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Attempts at a limited action (login, register, refresh) by one key — an IP or an account — in
 * the current fixed window. One row per key: a new window resets the count in the same upsert.
 */
@Entity({ tableName: 'rate_limit' })
@Index({ name: 'rate_limit_window_start_idx', properties: ['windowStart'] })
export class RateLimitCounter {
  @PrimaryKey({ type: 'string', length: 300 })
  key!: string;

  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'integer' })
  hits!: number;
}
