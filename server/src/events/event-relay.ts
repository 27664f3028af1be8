import { randomUUID } from 'node:crypto';
import { Repeater } from '@repeaterjs/repeater';
import pg from 'pg';
import { Backoff } from '../shared/backoff.js';
import { type EventPosition, encodeCursor, isAfter, LOG_HORIZON, START_OF_LOG } from './cursor.js';
import { type AggregateName, type ChangeKind, EVENTS_CHANNEL } from './event-writer.js';

export interface StoredEvent {
  position: EventPosition;
  cursor: string;
  id: string;
  type: string;
  aggregateType: AggregateName;
  aggregateId: string;
  aggregateVersion: number;
  kind: ChangeKind;
  actorId: string | null;
  ownerId: string | null;
  audience: string[];
  payload: Record<string, unknown>;
  at: Date;
}

/** What one subscription wants, and who is asking — asked again for every event. */
export interface EventInterest {
  aggregateTypes: readonly AggregateName[];
  /** The audiences the viewer belongs to right now (`public`, `user:<id>`, `role:ADMIN`). */
  audiences(): string[];
  /** Extra narrowing such as `authorId`; the audience check is done by the relay. */
  matches?(event: StoredEvent): boolean;
  /** False once the viewer is gone (deleted, signed out): the subscription then ends. */
  isActive?(): boolean;
}

interface Subscriber {
  interest: EventInterest;
  /** The last event handed over (or the start): a replay goes on from here. */
  position: EventPosition;
  /**
   * `live`: dispatch hands it events. `lagging`: it holds a full window of events it has not taken;
   * dispatch skips it, and once it has taken them all it replays from the log. `replaying`: live
   * events wait in `pending` meanwhile.
   */
  mode: 'live' | 'lagging' | 'replaying';
  /** Live events that arrive while the subscriber replays; flushed, deduplicated, afterwards. */
  pending: StoredEvent[];
  /** Set when more live events arrived during the replay than `pending` keeps: the replay reads on. */
  pendingOverflowed: boolean;
  /** Events handed over and not yet taken. */
  unread: number;
  /** Hands the event over; the promise settles when the consumer has taken it. */
  deliver(event: StoredEvent): Promise<void>;
  end(error?: Error): void;
}

export interface RelayOptions {
  connectionString: string;
  pollIntervalMs: number;
  batchSize?: number;
  onError?: (error: unknown, context: string) => void;
}

const HORIZON_RETRY_MS = 25;
/** At most one NOTIFY per process this often: many commits in a burst become one wake-up for the others. */
const NOTIFY_COALESCE_MS = 5;
/**
 * Events handed to a subscriber and not yet taken, at most: a consumer takes each event as its
 * socket drains (shared-execution.ts), so a burst bigger than this, or a consumer that stopped
 * reading, leaves the rest in the log — the subscriber replays it from there once it has taken
 * what it holds. Memory per subscriber stays bounded and a reader is never cut off; one that
 * stopped reading is ended by its socket's stall (RESUME_REQUIRED, shared-execution.ts).
 */
const MAX_UNREAD_PER_SUBSCRIBER = 500;
/** Live events kept for a replaying subscriber, at most; past it the replay reads them instead. */
const MAX_PENDING_PER_SUBSCRIBER = 1000;

const SELECT_EVENTS = `
  select e.id::text as id, e.xact_id::text as xact_id, e.type, e.aggregate_type, e.aggregate_id,
         e.aggregate_version, e.kind, e.actor_id, e.owner_id, e.audience, e.payload, e.at
  from domain_event e
  where (e.xact_id, e.id) > ($1::text::xid8, $2::bigint)
    and e.xact_id < ${LOG_HORIZON}`;

interface EventRow {
  id: string;
  xact_id: string;
  type: string;
  /** Only the writers write the log: every name in it is one of theirs. */
  aggregate_type: AggregateName;
  aggregate_id: string;
  aggregate_version: number;
  kind: StoredEvent['kind'];
  actor_id: string | null;
  owner_id: string | null;
  audience: string[];
  payload: Record<string, unknown>;
  at: Date;
}

function toStoredEvent(row: EventRow): StoredEvent {
  const position = { xactId: BigInt(row.xact_id), id: BigInt(row.id) };
  return {
    position,
    cursor: encodeCursor(position),
    id: row.id,
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: row.aggregate_version,
    kind: row.kind,
    actorId: row.actor_id,
    ownerId: row.owner_id,
    audience: row.audience,
    payload: row.payload,
    at: row.at,
  };
}

export function canSee(interest: EventInterest, event: StoredEvent): boolean {
  if (!interest.aggregateTypes.includes(event.aggregateType)) return false;
  const audiences = interest.audiences();
  if (!event.audience.some((member) => audiences.includes(member))) return false;
  return interest.matches ? interest.matches(event) : true;
}

/**
 * Reads the event log in commit-safe order and hands each event to this process's subscribers.
 * Woken by LISTEN/NOTIFY, by reconnects and by a slow timer; the table is the only source of truth.
 */
export class EventRelay {
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private position: EventPosition = START_OF_LOG;
  private readonly subscribers = new Set<Subscriber>();
  private readonly observers: ((event: StoredEvent) => void)[] = [];
  private reading: Promise<void> | null = null;
  private readRequested = false;
  private timers = new Set<NodeJS.Timeout>();
  private pollTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private notifyPending = false;
  /** Signs this process's notifications, so that its own listener can skip them. */
  private readonly instanceId = randomUUID();
  private readonly batchSize: number;
  // A database that is down answers every attempt at once: wait longer each time, up to 30 s.
  private readonly listenBackoff = new Backoff();
  private readonly readBackoff = new Backoff();

  constructor(private readonly options: RelayOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: 3 });
    this.pool.on('error', (error) => this.report(error, 'relay pool'));
    this.batchSize = options.batchSize ?? 500;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The newest position this process has dispatched. */
  get currentPosition(): EventPosition {
    return this.position;
  }

  async start(): Promise<void> {
    this.position = await this.head();
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const timer of this.timers) clearTimeout(timer);
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    await this.reading?.catch(() => {});
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }

  /** Called for every event, before subscribers get it (e.g. to update who a viewer is). */
  observe(observer: (event: StoredEvent) => void): void {
    this.observers.push(observer);
  }

  /**
   * This process committed events: read them now, and tell the other instances with one NOTIFY
   * per few milliseconds, sent on its own (never inside a writing transaction, DESIGN.md).
   */
  announce(): void {
    this.wake();
    if (this.notifyPending || this.stopped) return;
    this.notifyPending = true;
    this.later(NOTIFY_COALESCE_MS, () => {
      this.notifyPending = false;
      this.pool.query(`select pg_notify('${EVENTS_CHANNEL}', $1)`, [this.instanceId]).catch((error: unknown) => this.report(error, 'notify'));
    });
  }

  /** Asks for a read soon; calls made during a read fold into one more read. */
  wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readRequested = true;
      return;
    }
    this.reading = this.readNew().finally(() => {
      this.reading = null;
      if (this.readRequested && !this.stopped) {
        this.readRequested = false;
        this.wake();
      }
    });
  }

  /** Events the interest may see after `after` and up to `until`, oldest first, at most one batch. */
  async readAfter(after: EventPosition, until: EventPosition, interest: EventInterest, limit = this.batchSize): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `${SELECT_EVENTS} and (e.xact_id, e.id) <= ($6::text::xid8, $7::bigint)
         and e.aggregate_type = any($4::text[]) and e.audience && $5::text[]
       order by e.xact_id, e.id limit $3`,
      [
        after.xactId.toString(),
        after.id.toString(),
        limit,
        interest.aggregateTypes,
        interest.audiences(),
        until.xactId.toString(),
        until.id.toString(),
      ],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * A live stream of the events `interest` may see. With `after`, first replays the log after
   * that position, then continues live: live events that arrive meanwhile wait in `pending` and
   * are delivered afterwards unless the replay already did — no gap, no duplicate.
   */
  subscribe(interest: EventInterest, after?: EventPosition): AsyncIterableIterator<StoredEvent> {
    const start = after ?? this.position;
    return new Repeater<StoredEvent>(async (push, stop) => {
      const subscriber: Subscriber = {
        interest,
        position: start,
        // The stream starts when it is asked for; whatever was dispatched since is replayed too.
        mode: after !== undefined || isAfter(this.position, start) ? 'replaying' : 'live',
        pending: [],
        pendingOverflowed: false,
        unread: 0,
        deliver: (event) => {
          subscriber.position = event.position;
          subscriber.unread++;
          return push(event).then(
            () => {
              if (--subscriber.unread === 0 && subscriber.mode === 'lagging') {
                subscriber.mode = 'replaying';
                void catchUp();
              }
            },
            () => {},
          );
        },
        end: (error) => stop(error),
      };
      // Replays the log from the subscriber's position to where this process's dispatch stands;
      // whatever it dispatches meanwhile waits in `pending`. So every replayed event was seen by the
      // observers first (the viewer registry: a sign-in revoked at position P replays nothing after
      // P), and nothing falls between the two. When `pending` overflowed, the replay goes on to where
      // dispatch stands by then. Each batch is read once the consumer has taken the one before: a
      // client that reads keeps up with any amount of history, and none of it waits in memory.
      const takenAll = (last: Promise<unknown> | undefined) => Promise.race([last, stop]);
      const catchUp = async () => {
        try {
          for (let until = this.position; ; until = this.position) {
            subscriber.pendingOverflowed = false;
            subscriber.pending = [];
            for (;;) {
              const batch = await this.readAfter(subscriber.position, until, interest);
              let last: Promise<unknown> | undefined;
              for (const event of batch) {
                if (interest.isActive && !interest.isActive()) return stop();
                if (canSee(interest, event)) last = subscriber.deliver(event);
                subscriber.position = event.position;
              }
              await takenAll(last);
              if (batch.length < this.batchSize) break;
            }
            if (!subscriber.pendingOverflowed) break;
          }
          const pending = subscriber.pending;
          subscriber.pending = [];
          subscriber.mode = 'live';
          for (const event of pending) {
            if (isAfter(event.position, subscriber.position) && canSee(interest, event)) this.handOver(subscriber, event);
          }
        } catch (error) {
          this.report(error, 'replay');
          stop(new Error('Could not replay events; try again'));
        }
      };
      this.subscribers.add(subscriber);
      stop.then(() => this.subscribers.delete(subscriber));
      if (subscriber.mode === 'replaying') await catchUp();
      await stop;
    });
  }

  /** A live event for a live subscriber: handed over, unless it already holds a full window. */
  private handOver(subscriber: Subscriber, event: StoredEvent): void {
    if (subscriber.unread >= MAX_UNREAD_PER_SUBSCRIBER) {
      // It stays at the last event it was handed; once it has taken everything, it replays the rest.
      subscriber.mode = 'lagging';
      return;
    }
    void subscriber.deliver(event);
  }

  private async head(): Promise<EventPosition> {
    const { rows } = await this.pool.query<{ xact_id: string; id: string }>(
      // Qualified: an unqualified `order by xact_id` would sort the text output column, where "9" > "10".
      `select e.xact_id::text as xact_id, e.id::text as id from domain_event e
       where e.xact_id < ${LOG_HORIZON}
       order by e.xact_id desc, e.id desc limit 1`,
    );
    return rows[0] ? { xactId: BigInt(rows[0].xact_id), id: BigInt(rows[0].id) } : START_OF_LOG;
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const { rows } = await this.pool.query<EventRow>(`${SELECT_EVENTS} order by e.xact_id, e.id limit $3`, [
          this.position.xactId.toString(),
          this.position.id.toString(),
          this.batchSize,
        ]);
        for (const row of rows) this.dispatch(toStoredEvent(row));
        if (rows.length < this.batchSize) break;
      }
      // Committed events can wait behind an older transaction still running; look again shortly.
      const { rows } = await this.pool.query<{ waiting: boolean }>(
        `select exists(select 1 from domain_event where xact_id >= ${LOG_HORIZON}
                         and (xact_id, id) > ($1::text::xid8, $2::bigint)) as waiting`,
        [this.position.xactId.toString(), this.position.id.toString()],
      );
      this.readBackoff.reset();
      if (rows[0]?.waiting) this.later(HORIZON_RETRY_MS, () => this.wake());
    } catch (error) {
      this.report(error, 'read');
      this.later(this.readBackoff.next(), () => this.wake());
    }
  }

  private dispatch(event: StoredEvent): void {
    this.position = event.position;
    for (const observer of this.observers) observer(event);
    for (const subscriber of this.subscribers) {
      if (subscriber.interest.isActive && !subscriber.interest.isActive()) {
        subscriber.end();
        continue;
      }
      if (subscriber.mode === 'replaying') {
        // A long replay: rather than hold more, forget them and let the replay read them later.
        if (subscriber.pending.push(event) > MAX_PENDING_PER_SUBSCRIBER) {
          subscriber.pending = [];
          subscriber.pendingOverflowed = true;
        }
      } else if (subscriber.mode === 'live' && isAfter(event.position, subscriber.position) && canSee(subscriber.interest, event)) {
        this.handOver(subscriber, event);
      }
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    const lost = (error?: Error) => {
      if (error) this.report(error, 'listen connection');
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      this.scheduleListen();
    };
    // Our own announcements come back too: this process already read what they announce.
    client.on('notification', (message) => {
      if (message.payload !== this.instanceId) this.wake();
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    this.listener = client;
    this.listenBackoff.reset();
    // Anything committed while we were not listening is read now.
    this.wake();
  }

  private scheduleListen(): void {
    this.later(this.listenBackoff.next(), () => {
      this.listen().catch((error) => {
        this.report(error, 'listen');
        this.scheduleListen();
      });
    });
  }

  private later(ms: number, run: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private report(error: unknown, context: string): void {
    this.options.onError?.(error, context);
  }
}
