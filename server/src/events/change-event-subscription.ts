import type { RequestContext } from '../context/request-context.js';
import type { Aggregate } from './aggregate.js';
import type { StoredEvent } from './stored-event.js';
import { eventStream } from './event-stream.js';
import type { AggregateName, ChangeKind } from './event-writer.js';

/** A `TaskEvent`, `TweetEvent`, ... (change-event.type.ts) as its resolver returns it. */
export interface ChangeEventShape<Node> {
  cursor: string;
  kind: ChangeKind;
  type: string;
  id: string;
  node: Node | null;
  version: number;
  at: Date;
  actorId: string | null;
}

/** Stored JSON carries times as ISO strings; the GraphQL objects want Dates back. */
function revivePayload(payload: Record<string, unknown>): Record<string, unknown> {
  const revived: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    revived[key] = typeof value === 'string' && key.endsWith('At') ? new Date(value) : value;
  }
  return revived;
}

function toChangeEvent(event: StoredEvent): ChangeEventShape<Record<string, unknown>> {
  return {
    cursor: event.cursor,
    kind: event.kind,
    type: event.type,
    id: event.aggregateId,
    node: event.kind === 'DELETED' ? null : revivePayload(event.payload),
    version: event.aggregateVersion,
    at: event.at,
    actorId: event.actorId,
  };
}

export interface ChangeEventSubscriptionOptions {
  /**
   * Narrows the stream by the subscription's arguments (`authorId`, `promptId`), or by who asks:
   * called once when the subscription starts (throw there for a bad argument); the function it
   * returns is asked for every event, after the audience check.
   */
  matches?(args: Record<string, unknown>, context: RequestContext): ((event: StoredEvent) => boolean) | undefined;
}

/**
 * One aggregate's change events as a subscription: `subscribe` for `@Subscription`'s option of that
 * name (the relay's stream, resumed from the `after` argument), and `deliver` for the resolver's
 * body, which gives each delivered event a fresh scope (a subscription lives for hours and must not
 * hold an identity map) and maps it to the GraphQL object. The stream yields the relay's own event
 * objects: shared execution (app/shared-execution.ts) groups subscribers by them.
 */
export function changeEventSubscription<Event extends ChangeEventShape<object>>(
  aggregate: Aggregate<AggregateName, string, never>,
  options: ChangeEventSubscriptionOptions = {},
) {
  return {
    subscribe: ({ args, context }: { args: Record<string, unknown>; context: unknown }) =>
      eventStream(context as RequestContext, [aggregate.name], args.after as string | null, options.matches?.(args, context as RequestContext)),
    deliver(context: RequestContext, event: StoredEvent): Event {
      context.renewScope();
      return toChangeEvent(event) as ChangeEventShape<object> as Event;
    },
  };
}
