import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * One row per change, written in the changing transaction (see event-writer.ts).
 * Read order is (xact_id, id): `xact_id` is the writer's transaction id, and a reader
 * only reads below the oldest transaction still running, so nothing can commit behind it.
 */
@Entity({ tableName: 'domain_event' })
@Index({ name: 'domain_event_order_idx', properties: ['xactId', 'id'] })
@Index({ name: 'domain_event_aggregate_idx', properties: ['aggregateType', 'aggregateId', 'id'] })
@Index({ name: 'domain_event_owner_idx', properties: ['ownerId', 'id'] })
@ObjectType({ description: 'One recorded change: the audit history.' })
export class DomainEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  xactId!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String)
  type!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => String)
  aggregateType!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => ID)
  aggregateId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  aggregateVersion!: number;

  /** The change's effect on the aggregate: CREATED, UPDATED or DELETED. */
  @Property({ type: 'string', length: 16 })
  @Field(() => String)
  kind!: string;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true })
  actorId!: string | null;

  /** The user the aggregate belongs to; the audit history shows a user the events of their own objects. */
  @Property({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  /** Who may receive this event: `public`, `user:<id>`, `role:ADMIN`. */
  @Property({ type: 'text[]' })
  audience!: string[];

  @Property({ type: 'json' })
  @Field(() => GraphQLJSONObject)
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  @Field(() => Date)
  at!: Date;
}
