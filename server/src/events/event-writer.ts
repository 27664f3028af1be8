import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

export const EVENTS_CHANNEL = 'chorus_events';

/** The effect of an event on its aggregate: the writer stores it, the relay reads it, GraphQL shows it (`ChangeKind`). */
export const ChangeKind = { CREATED: 'CREATED', UPDATED: 'UPDATED', DELETED: 'DELETED' } as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

/**
 * The aggregates of this server, by name. Empty here: `modules/index.ts` fills it in from the module
 * descriptors' `aggregates` (declaration merging), so the names are written once, in each
 * `defineAggregate`, and events/ imports no module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KnownAggregates {}

/** `Task`, `Tweet`, `User`, `Session`, ... */
export type AggregateName = keyof KnownAggregates & string;

export interface NewDomainEvent {
  /** Past tense: `TaskCreated`, `UserRoleChanged`. */
  type: string;
  aggregateType: AggregateName;
  aggregateId: string;
  /**
   * The aggregate's version as it stands. A DELETED event is recorded with the next one, so it is
   * newer than any state a consumer holds (consumers ignore events that are not newer).
   */
  aggregateVersion: number;
  kind: ChangeKind;
  actorId: string | null;
  ownerId: string | null;
  audience: string[];
  /** Public fields only: never a hash, a token or a password. */
  payload: Record<string, unknown>;
}

export const audience = {
  public: 'public',
  user: (userId: string) => `user:${userId}`,
  admins: 'role:ADMIN',
} as const;

/** A DELETED event takes the next version (see `aggregateVersion`). */
function storedVersion(event: NewDomainEvent): number {
  return event.kind === 'DELETED' ? event.aggregateVersion + 1 : event.aggregateVersion;
}

/** The events each transaction (its EntityManager fork) recorded, for `wakeRelaysAfterCommit`. */
const recordedIn = new WeakMap<EntityManager, NewDomainEvent[]>();

function remember(em: EntityManager, events: readonly NewDomainEvent[]): void {
  let recorded = recordedIn.get(em);
  if (!recorded) recordedIn.set(em, (recorded = []));
  for (const event of events) recorded.push(event);
}

/**
 * The one way a change is recorded. Must run inside the changing transaction: the row commits (or
 * vanishes) together with the change. No NOTIFY here: a notifying transaction holds a database-wide
 * lock through its commit, which serialises every writer (DESIGN.md); relays are woken after the
 * commit instead (`wakeRelaysAfterCommit`), and they read the table, which is the truth.
 */
export async function recordEvent(em: EntityManager, event: NewDomainEvent): Promise<void> {
  if (!em.isInTransaction()) throw new Error(`recordEvent(${event.type}) must run inside a transaction`);
  remember(em, [event]);
  await em.execute(
    `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, actor_id, owner_id, audience, payload)
     values (?, ?, ?, ?, ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?::jsonb)`,
    [
      event.type,
      event.aggregateType,
      event.aggregateId,
      storedVersion(event),
      event.kind,
      event.actorId,
      event.ownerId,
      JSON.stringify(event.audience),
      JSON.stringify(event.payload),
    ],
  );
}

/** Events per statement: bounds the statement's size for an account with many thousands of rows. */
const BATCH_SIZE = 1000;

/**
 * `recordEvent` for many changes of one transaction (an account deletion's cascade), in order, one
 * statement per thousand events instead of one per event.
 */
export async function recordEvents(em: EntityManager, events: readonly NewDomainEvent[]): Promise<void> {
  if (!em.isInTransaction()) throw new Error(`recordEvents(${events[0]?.type}) must run inside a transaction`);
  remember(em, events);
  for (let start = 0; start < events.length; start += BATCH_SIZE) {
    const batch = events.slice(start, start + BATCH_SIZE).map((event) => ({ ...event, aggregateVersion: storedVersion(event) }));
    // Inserted in the array's order, so row ids (the log's order within a transaction) follow it.
    await em.execute(
      `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, actor_id, owner_id, audience, payload)
       select e->>'type', e->>'aggregateType', e->>'aggregateId', (e->>'aggregateVersion')::int, e->>'kind',
              (e->>'actorId')::uuid, (e->>'ownerId')::uuid, array(select jsonb_array_elements_text(e->'audience')), e->'payload'
       from jsonb_array_elements(?::jsonb) with ordinality as batch(e, n)
       order by n`,
      [JSON.stringify(batch)],
    );
  }
}

/**
 * After a transaction that recorded events commits, `wake` with them (the relay's `announce`):
 * this process reads them at once and tells the other instances, outside any data transaction. A
 * process that dies between commit and wake loses no event: every relay's safety read finds it.
 * `wake` runs before the committing call returns, so what must not wait for the relay (ending
 * cached sign-ins) can act on the events in the same turn.
 */
export function wakeRelaysAfterCommit(orm: MikroORM, wake: (committed: readonly NewDomainEvent[]) => void): void {
  orm.em.getEventManager().registerSubscriber({
    afterTransactionCommit: ({ em }) => {
      const committed = recordedIn.get(em as EntityManager);
      if (!committed) return;
      recordedIn.delete(em as EntityManager);
      wake(committed);
    },
  });
}

/**
 * Bench only (`startChorus({ notifications: 'in-transaction' })`, W6): the NOTIFY inside the writing
 * transaction, as before issue 16, so one benchmark run can compare it with the path above. A
 * transaction that recorded events sends `pg_notify` just before its commit, on its own connection;
 * PostgreSQL then holds its database-wide notify lock through that commit. `npm start` never does this.
 */
export function notifyInsideWritingTransactions(orm: MikroORM): void {
  orm.em.getEventManager().registerSubscriber({
    beforeTransactionCommit: async ({ em }) => {
      if (recordedIn.has(em as EntityManager)) await (em as EntityManager).execute(`select pg_notify('${EVENTS_CHANNEL}', '')`);
    },
  });
}
