import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Backoff } from '../shared/backoff.js';
import { type EventPosition, encodeCursor, isAfter, LOG_HORIZON, START_OF_LOG } from './cursor.js';
import { type AggregateName, EVENTS_CHANNEL } from './event-writer.js';
import { RelaySubscription, type SubscriptionHost } from './relay-subscription.js';
import type { EventInterest, StoredEvent } from './stored-event.js';

export interface RelayOptions {
  connectionString: string;
  pollIntervalMs: number;
  batchSize?: number;
  /** How soon it looks again when committed events wait behind an older running transaction. */
  horizonRetryMs?: number;
  /** false: every commit and every other instance's notification reads at once, as before issue 16 (bench only). */
  foldWakeups?: boolean;
  /**
   * Aggregate types whose events this process needs at once whoever subscribes (the observers that
   * end sign-ins). Another instance's notification of other types only is read at once when
   * someone here subscribes to one of them, else by the next read (at the latest the poll).
   */
  promptTypes?: readonly AggregateName[];
  onError?: (error: unknown, context: string) => void;
}

const HORIZON_RETRY_MS = 25;
/**
 * Events kept after dispatch, at most: a subscription that paused (its socket or queue was full)
 * replays from here rather than from the log when it resumes, getting the very objects the others
 * got — so its group reuses their serialised result (app/group-delivery.ts) instead of reading and
 * executing per subscriber.
 */
const RECENT_EVENTS = 10_000;
/**
 * At most one NOTIFY per process this often: many commits in a burst become one wake-up for the
 * others. Each wake-up costs every other instance a read of the log; at 5 ms, 32 writers made the
 * other instances' reads cost more than the writes saved (W6 in bench/ANALYSIS.md).
 */
const NOTIFY_COALESCE_MS = 25;

const SELECT_EVENTS = `
  select e.id::text as id, e.xact_id::text as xact_id, e.type, e.aggregate_type, e.aggregate_id,
         e.aggregate_version, e.kind, e.actor_id, e.owner_id, e.audience, e.payload, e.at
  from domain_event e
  where (e.xact_id, e.id) > ($1::text::xid8, $2::bigint)
    and e.xact_id < ${LOG_HORIZON}`;

/**
 * One statement per read (each wake-up of every instance runs it: W6 in bench/ANALYSIS.md): the next
 * batch below the horizon, and whether committed events already wait above it — those all come
 * after the batch, as the log is ordered by transaction id. No event: one row of nulls with `waiting`.
 */
const READ_NEW = `
  select w.waiting, r.* from
    (select exists(select 1 from domain_event where xact_id >= ${LOG_HORIZON}
                     and (xact_id, id) > ($1::text::xid8, $2::bigint)) as waiting) w
    left join lateral (${SELECT_EVENTS} order by e.xact_id, e.id limit $3) r on true`;

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

type NewEventsRow = { waiting: boolean } & (EventRow | { [K in keyof EventRow]: null });

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

/**
 * Reads the event log in commit-safe order and hands each event to this process's subscribers.
 * Woken by LISTEN/NOTIFY, by reconnects and by a slow timer; the table is the only source of truth.
 */
export class EventRelay {
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private position: EventPosition = START_OF_LOG;
  /** The events dispatched after `recentAfter`, every one of them, oldest first. */
  private recent: StoredEvent[] = [];
  private recentAfter: EventPosition = START_OF_LOG;
  /** Subscriptions by the aggregate types they follow: an event is offered to its type's only. */
  private readonly subscribers = new Map<AggregateName, Set<RelaySubscription>>();
  private subscriptionCount = 0;
  private readonly observers: ((event: StoredEvent) => void)[] = [];
  private reading: Promise<void> | null = null;
  private readRequested = false;
  private timers = new Set<NodeJS.Timeout>();
  private pollTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private notifyPending = false;
  /** A read is due shortly (events wait behind the horizon): commits and notifications wait for it. */
  private retryPending = false;
  private readCount = 0;
  /** Commits announced so far: this process's own, and other instances' notifications. */
  private announcements = 0;
  /** How many of them the last finished read had read (it read everything committed before it began). */
  private readThrough = 0;
  /** The aggregate types this process committed since its last NOTIFY (named in the next one). */
  private readonly toAnnounce = new Set<AggregateName>();
  private readonly promptTypes: ReadonlySet<string>;
  /** Signs this process's notifications, so that its own listener can skip them. */
  private readonly instanceId = randomUUID();
  private readonly batchSize: number;
  private readonly horizonRetryMs: number;
  private readonly foldWakeups: boolean;
  /** What each subscription sees of the relay. */
  private readonly host: SubscriptionHost;
  // A database that is down answers every attempt at once: wait longer each time, up to 30 s.
  private readonly listenBackoff = new Backoff();
  private readonly readBackoff = new Backoff();

  constructor(private readonly options: RelayOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: 3 });
    this.pool.on('error', (error) => this.report(error, 'relay pool'));
    this.batchSize = options.batchSize ?? 500;
    this.horizonRetryMs = options.horizonRetryMs ?? HORIZON_RETRY_MS;
    this.foldWakeups = options.foldWakeups ?? true;
    this.promptTypes = new Set(options.promptTypes ?? []);
    this.host = {
      position: () => this.position,
      batchSize: this.batchSize,
      readAfter: (after, until, interest) => this.readAfter(after, until, interest),
      recentAfter: (after, until) => this.recentEventsAfter(after, until),
      add: (subscription) => this.index(subscription, true),
      remove: (subscription) => this.index(subscription, false),
      report: (error, context) => this.report(error, context),
    };
  }

  get subscriberCount(): number {
    return this.subscriptionCount;
  }

  /** Reads of new events so far, each one statement (tests). */
  get reads(): number {
    return this.readCount;
  }

  /** The newest position this process has dispatched. */
  get currentPosition(): EventPosition {
    return this.position;
  }

  async start(): Promise<void> {
    this.position = this.recentAfter = await this.head();
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const timer of this.timers) clearTimeout(timer);
    for (const subscriptions of this.subscribers.values()) for (const subscription of subscriptions) subscription.end();
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
   * This process committed events of `types`: read them now (or with the read already due, below),
   * and, with `notify`, tell the other instances with one NOTIFY per few milliseconds naming the
   * types committed meanwhile, sent on its own (never inside a writing transaction, DESIGN.md).
   */
  announce(types: Iterable<AggregateName>, { notify = true }: { notify?: boolean } = {}): void {
    this.announcements++;
    this.wakeUnlessDue();
    if (!notify || this.stopped) return;
    for (const type of types) this.toAnnounce.add(type);
    if (this.notifyPending) return;
    this.notifyPending = true;
    this.later(NOTIFY_COALESCE_MS, () => {
      this.notifyPending = false;
      const payload = `${this.instanceId} ${[...this.toAnnounce].join(',')}`;
      this.toAnnounce.clear();
      this.pool.query(`select pg_notify('${EVENTS_CHANNEL}', $1)`, [payload]).catch((error: unknown) => this.report(error, 'notify'));
    });
  }

  /**
   * Whether events of `type` are read as soon as another instance announces them: someone here
   * subscribes to them, or an observer needs them at once (`promptTypes`).
   */
  follows(type: string): boolean {
    return this.promptTypes.has(type) || (this.subscribers.get(type as AggregateName)?.size ?? 0) > 0;
  }

  /**
   * Resolves once every commit announced so far has been read (the read after a commit, already
   * running when its request answered, or another instance's events this one had left for later):
   * a stream that starts now starts after them (event-stream.ts). A read that keeps failing is
   * waited for a few times only — then the stream starts where dispatch stands.
   */
  async caughtUp(): Promise<void> {
    const target = this.announcements;
    for (let attempt = 0; attempt < 3 && this.readThrough < target && !this.stopped; attempt++) {
      this.wake();
      // One running since before the announcement covers it only partly: the next read does the rest.
      while (this.reading && this.readThrough < target) await this.reading;
    }
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
   * A live stream of the events `interest` may see (relay-subscription.ts). With `after`, it first
   * replays the log after that position, then continues live, with no gap and no duplicate.
   */
  subscribe(interest: EventInterest, after?: EventPosition): RelaySubscription {
    return new RelaySubscription(this.host, interest, after ?? this.position, after !== undefined);
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
    // Everything committed before it starts, up to the horizon (what waits above it is retried).
    const covers = this.announcements;
    try {
      for (;;) {
        this.readCount++;
        const { rows } = await this.pool.query<NewEventsRow>({
          name: 'relay-read-new',
          text: READ_NEW,
          values: [this.position.xactId.toString(), this.position.id.toString(), this.batchSize],
        });
        const events = rows[0]?.id == null ? [] : (rows as EventRow[]);
        for (const row of events) this.dispatch(toStoredEvent(row));
        if (events.length < this.batchSize) {
          this.readBackoff.reset();
          this.readThrough = Math.max(this.readThrough, covers);
          // Committed events can wait behind an older transaction still running; look again shortly.
          if (rows[0]?.waiting) this.retrySoon();
          return;
        }
      }
    } catch (error) {
      this.report(error, 'read');
      this.later(this.readBackoff.next(), () => this.wake());
    }
  }

  /**
   * The dispatched events after `after` and up to `until`, at most one batch — or null when some of
   * them are no longer kept (the caller reads the log instead).
   */
  private recentEventsAfter(after: EventPosition, until: EventPosition): StoredEvent[] | null {
    if (isAfter(this.recentAfter, after)) return null;
    // The newest are the likeliest wanted: search from the end.
    let start = this.recent.length;
    while (start > 0 && isAfter(this.recent[start - 1]!.position, after)) start--;
    const batch: StoredEvent[] = [];
    for (let i = start; i < this.recent.length && batch.length < this.batchSize; i++) {
      const event = this.recent[i]!;
      if (isAfter(event.position, until)) break;
      batch.push(event);
    }
    return batch;
  }

  private dispatch(event: StoredEvent): void {
    this.position = event.position;
    this.recent.push(event);
    // Trimmed in steps, not one by one: a quarter more, then back to the limit.
    if (this.recent.length > RECENT_EVENTS * 1.25) {
      const dropped = this.recent.splice(0, this.recent.length - RECENT_EVENTS);
      this.recentAfter = dropped.at(-1)!.position;
    }
    for (const observer of this.observers) observer(event);
    const subscriptions = this.subscribers.get(event.aggregateType);
    if (subscriptions) for (const subscription of subscriptions) subscription.offer(event);
  }

  private index(subscription: RelaySubscription, add: boolean): void {
    this.subscriptionCount += add ? 1 : -1;
    // A replay reads up to where dispatch stands: bring it up to what was announced.
    if (add && this.readThrough < this.announcements) this.wake();
    for (const type of subscription.interest.aggregateTypes) {
      let subscriptions = this.subscribers.get(type);
      if (!subscriptions) this.subscribers.set(type, (subscriptions = new Set()));
      if (add) subscriptions.add(subscription);
      else subscriptions.delete(subscription);
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
    client.on('notification', (message) => this.announced(message.payload ?? ''));
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

  /**
   * Another instance's NOTIFY: `<instance id> <types>` (an empty payload: the NOTIFY inside the
   * writing transaction, bench only — any type). Our own come back too: this process already read
   * what they announce. Types nobody here follows wait for the next read.
   */
  private announced(payload: string): void {
    const [sender, types] = payload.split(' ');
    if (sender === this.instanceId) return;
    this.announcements++;
    if (types === undefined || types.split(',').some((type) => this.follows(type))) this.wakeUnlessDue();
  }

  /**
   * Under steady writes events nearly always wait behind some running transaction: every instance
   * then reads once per retry anyway, and a commit or another instance's notification that comes
   * while a retry is due folds into it rather than reading once more (W6 in bench/ANALYSIS.md).
   * What it announced is read by that retry, at most HORIZON_RETRY_MS later.
   */
  private wakeUnlessDue(): void {
    if (!(this.retryPending && this.foldWakeups)) this.wake();
  }

  private retrySoon(): void {
    if (this.retryPending) return;
    this.retryPending = true;
    this.later(this.horizonRetryMs, () => {
      this.retryPending = false;
      this.wake();
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
