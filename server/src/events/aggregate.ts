import type { EntityManager } from '@mikro-orm/postgresql';
import { type AggregateName, type ChangeKind, type NewDomainEvent, recordEvent } from './event-writer.js';

/** What an aggregate's events are made of; `Facts` is what the writer hands over (an entity, or a row read back). */
export interface AggregateDefinition<Name extends string, Type extends string, Facts extends { id: string }> {
  /** The aggregate type stored with each event, e.g. `Task`; list the aggregate in its module's descriptor. */
  name: Name;
  /** Each event type (past tense) and its effect on the aggregate. */
  events: Record<Type, ChangeKind>;
  /** Who may receive the event: `audience.public`, `audience.user(id)`, `audience.admins`. */
  audience(facts: Facts, type: Type): string[];
  /** The user the aggregate belongs to: their audit history shows its events. */
  ownerId(facts: Facts): string | null;
  /** The payload: public fields only (never a hash, a token or a password), times as ISO strings. */
  snapshot(facts: Facts): Record<string, unknown>;
  /** A DELETED event's payload when it is not the snapshot: what a client needs to drop the object. */
  deletedPayload?(facts: Facts): Record<string, unknown>;
  /** The aggregate's version as it stands; `facts.version` unless given (facts without one must give it). */
  version?(facts: Facts): number;
}

/** An aggregate's events, typed: only its own event types, only its facts. */
export interface Aggregate<Name extends string = string, Type extends string = string, Facts = never> {
  readonly name: Name;
  /** The event, for `recordEvents` (many changes of one transaction in one statement). */
  event(type: Type, facts: Facts, actorId: string | null): NewDomainEvent;
  /** Records the event in `tx`'s transaction (`recordEvent`). */
  record(tx: EntityManager, type: Type, facts: Facts, actorId: string | null): Promise<void>;
}

/** An aggregate's event types, e.g. `EventTypeOf<typeof taskAggregate>` is `'TaskCreated' | ...`. */
export type EventTypeOf<A extends Aggregate<string, string, never>> = Parameters<A['event']>[0];

/** One aggregate's events, declared once: each module's `*.events.ts` is one call. */
export function defineAggregate<const Name extends string, Type extends string, Facts extends { id: string }>(
  definition: AggregateDefinition<Name, Type, Facts>,
): Aggregate<Name, Type, Facts> {
  const version = definition.version ?? ((facts: Facts) => (facts as Facts & { version: number }).version);
  const event = (type: Type, facts: Facts, actorId: string | null): NewDomainEvent => {
    const kind = definition.events[type];
    return {
      type,
      // A known name once the aggregate is in its module's descriptor (modules/index.ts).
      aggregateType: definition.name as string as AggregateName,
      aggregateId: facts.id,
      aggregateVersion: version(facts),
      kind,
      actorId,
      ownerId: definition.ownerId(facts),
      audience: definition.audience(facts, type),
      payload: kind === 'DELETED' && definition.deletedPayload ? definition.deletedPayload(facts) : definition.snapshot(facts),
    };
  };
  return {
    name: definition.name,
    event,
    record: (tx, type, facts, actorId) => recordEvent(tx, event(type, facts, actorId)),
  };
}
