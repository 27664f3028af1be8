import { type EventPosition, isAfter } from './cursor.js';
import { canSee, type EventInterest, type StoredEvent } from './stored-event.js';

/**
 * Events a sink may hold without having passed them on, at most: a burst bigger than this, or a
 * consumer that stopped reading, leaves the rest in the log — the subscription replays it from
 * there once the sink has caught up. Memory per subscriber stays bounded and a reader is never cut off.
 */
export const MAX_UNTAKEN_EVENTS = 500;
/** Live events kept for a replaying subscription, at most; past it the replay reads them instead. */
const MAX_PENDING_EVENTS = 1000;

/** Where a subscription's events go, in log order, synchronously (no promise per event). */
export interface EventSink {
  /**
   * Takes the event. False: the sink holds all it may for now — the relay hands it nothing more
   * (the rest stays in the log) until it calls its subscription's `resume()`.
   */
  take(event: StoredEvent): boolean;
  /** The subscription ended: its viewer is gone, the relay stopped, or a replay failed (`error`). */
  end(error?: Error): void;
}

/** What a subscription needs from its relay. */
export interface SubscriptionHost {
  /** Where the relay's dispatch stands. */
  position(): EventPosition;
  readonly batchSize: number;
  /** Events the interest may see after `after` and up to `until`, oldest first, at most one batch. */
  readAfter(after: EventPosition, until: EventPosition, interest: EventInterest): Promise<StoredEvent[]>;
  /** The same from the events the relay still keeps (all of them, visible or not), or null when it no longer has them all. */
  recentAfter(after: EventPosition, until: EventPosition): StoredEvent[] | null;
  add(subscription: RelaySubscription): void;
  remove(subscription: RelaySubscription): void;
  report(error: unknown, context: string): void;
}

/**
 * One subscription to the relay: replays the log from its start position, then takes live events
 * from dispatch. Live events that arrive during a replay wait in `pending` and are handed over
 * afterwards unless the replay already did — no gap, no duplicate. A sink that is full pauses it:
 * dispatch skips it and the log keeps what it missed until it resumes.
 *
 * Delivery goes to an `EventSink` (app/group-delivery.ts writes to sockets from one); iterating the
 * subscription instead uses a bounded queue as its sink.
 */
export class RelaySubscription implements AsyncIterableIterator<StoredEvent> {
  /** The last event handed over (or the start): a replay goes on from here. */
  private position: EventPosition;
  /**
   * `idle`: not started. `live`: dispatch hands it events. `paused`: its sink is full. `replaying`:
   * reading the log, live events wait in `pending`. `ended`: nothing more.
   */
  private mode: 'idle' | 'live' | 'paused' | 'replaying' | 'ended' = 'idle';
  private pending: StoredEvent[] = [];
  /** More live events arrived during the replay than `pending` keeps: the replay reads on. */
  private pendingOverflowed = false;
  private sink: EventSink | null = null;
  private queue: EventQueue | null = null;

  constructor(
    private readonly host: SubscriptionHost,
    readonly interest: EventInterest,
    start: EventPosition,
    /** Resumed from a cursor: the log after it comes first. */
    private readonly resumed: boolean,
  ) {
    this.position = start;
  }

  /**
   * Starts delivery to `sink`. The stream starts here: whatever was dispatched since the
   * subscription was opened is replayed too.
   */
  attach(sink: EventSink): void {
    if (this.sink || this.mode === 'ended') return;
    this.sink = sink;
    this.host.add(this);
    if (this.resumed || isAfter(this.host.position(), this.position)) this.replay();
    else this.mode = 'live';
  }

  /** The sink can take events again: what it missed is replayed from the log. */
  resume(): void {
    if (this.mode === 'paused') this.replay();
  }

  /** The consumer is done: nothing more is handed over. */
  close(): void {
    if (this.mode === 'ended') return;
    this.mode = 'ended';
    this.pending = [];
    this.host.remove(this);
  }

  /** Ends it from the relay's side, telling the sink. */
  end(error?: Error): void {
    if (this.mode === 'ended') return;
    this.close();
    this.sink?.end(error);
  }

  /** A live event from the relay's dispatch. */
  offer(event: StoredEvent): void {
    if (this.interest.isActive && !this.interest.isActive()) {
      this.end();
    } else if (this.mode === 'replaying') {
      // A long replay: rather than hold more, forget them and let the replay read them later.
      if (this.pending.push(event) > MAX_PENDING_EVENTS) {
        this.pending = [];
        this.pendingOverflowed = true;
      }
    } else if (this.mode === 'live' && isAfter(event.position, this.position) && canSee(this.interest, event)) {
      this.handOver(event);
    }
  }

  /** False when the sink is full (or the subscription ended while it took the event). */
  private handOver(event: StoredEvent): boolean {
    this.position = event.position;
    if (this.sink!.take(event)) return this.mode !== 'ended';
    if (this.mode !== 'ended') this.mode = 'paused';
    return false;
  }

  private replay(): void {
    this.mode = 'replaying';
    void this.catchUp();
  }

  /**
   * Replays the log from the subscription's position to where dispatch stands; whatever it
   * dispatches meanwhile waits in `pending`. So every replayed event was seen by the relay's
   * observers first (the viewer registry: a sign-in revoked at position P replays nothing after P),
   * and nothing falls between the two. When `pending` overflowed, the replay goes on to where
   * dispatch stands by then. A full sink pauses the replay where it stands: a client that reads
   * keeps up with any amount of history, and none of it waits in memory.
   */
  private async catchUp(): Promise<void> {
    try {
      for (let until = this.host.position(); ; until = this.host.position()) {
        this.pendingOverflowed = false;
        this.pending = [];
        for (;;) {
          const batch = this.host.recentAfter(this.position, until) ?? (await this.host.readAfter(this.position, until, this.interest));
          if (this.mode !== 'replaying') return;
          for (const event of batch) {
            if (this.interest.isActive && !this.interest.isActive()) return this.end();
            if (!canSee(this.interest, event)) this.position = event.position;
            else if (!this.handOver(event)) return;
          }
          if (batch.length < this.host.batchSize) break;
        }
        if (!this.pendingOverflowed) break;
      }
      const pending = this.pending;
      this.pending = [];
      this.mode = 'live';
      for (const event of pending) {
        if (isAfter(event.position, this.position) && canSee(this.interest, event) && !this.handOver(event)) return;
      }
    } catch (error) {
      this.host.report(error, 'replay');
      this.end(new Error('Could not replay events; try again'));
    }
  }

  // Iterated (not attached to a sink): a bounded queue is the sink.
  next(): Promise<IteratorResult<StoredEvent, undefined>> {
    if (!this.queue) {
      this.queue = new EventQueue(this);
      this.attach(this.queue);
    }
    return this.queue.next();
  }

  return(): Promise<IteratorResult<StoredEvent, undefined>> {
    this.close();
    this.queue?.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<StoredEvent, undefined>> {
    this.close();
    this.queue?.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** The sink of an iterated subscription: events wait here until `next()` asks for them. */
class EventQueue implements EventSink {
  private readonly events: StoredEvent[] = [];
  private waiting: { resolve(step: IteratorResult<StoredEvent, undefined>): void; reject(error: Error): void } | null = null;
  private ended: { error?: Error } | null = null;
  private full = false;

  constructor(private readonly subscription: RelaySubscription) {}

  take(event: StoredEvent): boolean {
    if (this.waiting) {
      this.waiting.resolve({ done: false, value: event });
      this.waiting = null;
      return true;
    }
    this.full = this.events.push(event) >= MAX_UNTAKEN_EVENTS;
    return !this.full;
  }

  end(error?: Error): void {
    this.ended ??= { error };
    if (!this.waiting) return;
    if (error) this.waiting.reject(error);
    else this.waiting.resolve({ done: true, value: undefined });
    this.waiting = null;
  }

  next(): Promise<IteratorResult<StoredEvent, undefined>> {
    const event = this.events.shift();
    if (event) {
      if (this.full && this.events.length === 0) {
        this.full = false;
        this.subscription.resume();
      }
      return Promise.resolve({ done: false, value: event });
    }
    if (this.ended) {
      const { error } = this.ended;
      this.ended = {};
      return error ? Promise.reject(error) : Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}
