import { execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { MAX_UNTAKEN_EVENTS, type EventSink, type RelaySubscription } from '../events/relay-subscription.js';
import type { StoredEvent } from '../events/stored-event.js';
import { resumeRequired } from '../shared/errors.js';
import { flatString } from '../shared/flat-string.js';

/**
 * Delivery per group (docs/decisions/035): subscribers with the same document, variables and
 * visibility form a group; for each event the relay hands them, the group executes once, serialises
 * once and writes every member's socket in one synchronous loop. The relay still decides who gets
 * each event (per subscription: interest and audiences); per member there is no promise, timer or
 * queue on the delivery path — only what delivery needs (socket, operation id, last cursor).
 */

/** Where a subscription's results are written: its graphql-ws operation id on its socket. */
export interface DirectTarget {
  id: string;
  socket: Pick<WebSocket, 'send' | 'readyState' | 'bufferedAmount' | 'OPEN'>;
}

/**
 * Past this much unsent data on its socket, a member takes no more live events: the relay pauses
 * its subscription and the log keeps them, replayed once the socket drained — a reading client keeps
 * up with any burst, however slow its link. One whose socket makes no progress at all for STALL_MS
 * stopped reading: it ends with RESUME_REQUIRED and the last cursor it was sent.
 */
const HIGH_WATER_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 10;
const STALL_MS = 10_000;
/** A group's delivered batches are dropped from its queue once this many pile up at its head. */
const COMPACT_AFTER = 1024;

/**
 * What graphql-ws iterates for a member: it waits on `next()` for the subscription's lifetime.
 * Results with errors go this way (graphql-ws masks them per socket), and so do the end and
 * RESUME_REQUIRED; every other result is written straight to the socket by the group.
 */
class Outlet implements AsyncIterableIterator<ExecutionResult> {
  private waiting: { resolve(step: IteratorResult<ExecutionResult, undefined>): void; reject(error: Error): void } | null = null;
  /** Results not yet asked for, each with the callback that says graphql-ws has sent it. */
  private readonly results: { result: ExecutionResult; sent(): void }[] = [];
  /** graphql-ws asks for the next result once it has sent the one before. */
  private inFlight: (() => void) | null = null;
  private ending: { error?: Error } | null = null;

  /** Its member, which leaves its group when graphql-ws returns the outlet (no closure per subscriber). */
  constructor(private readonly member: Member) {}

  /** Hands a result to graphql-ws; settles once it has been sent (so order holds with direct writes). */
  emit(result: ExecutionResult): Promise<void> {
    return new Promise((sent) => {
      if (this.ending) return sent();
      if (!this.waiting) return void this.results.push({ result, sent });
      this.inFlight = sent;
      this.waiting.resolve({ done: false, value: result });
      this.waiting = null;
    });
  }

  /** No more results: graphql-ws completes the operation, or sends `error` when there is one. */
  finish(error?: Error): void {
    if (this.ending) return;
    this.ending = { error };
    this.settle();
    if (!this.waiting) return;
    if (error) this.waiting.reject(error);
    else this.waiting.resolve({ done: true, value: undefined });
    this.waiting = null;
  }

  next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.inFlight?.();
    this.inFlight = null;
    const queued = this.results.shift();
    if (queued) {
      this.inFlight = queued.sent;
      return Promise.resolve({ done: false, value: queued.result });
    }
    if (this.ending) {
      const { error } = this.ending;
      this.ending = {};
      return error ? Promise.reject(error) : Promise.resolve({ done: true, value: undefined });
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The client completed the operation, or its socket closed. */
  return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.member.leave();
    this.finish();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.member.leave();
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Nothing waits on a result that will never be sent. */
  private settle(): void {
    this.inFlight?.();
    this.inFlight = null;
    for (const { sent } of this.results.splice(0)) sent();
  }
}

/** One subscriber: the relay's sink for its subscription, and its socket. */
class Member implements EventSink {
  /** `{"id":…,"type":"next","payload":` — the member's part of every message. */
  readonly prefix: string;
  readonly outlet: Outlet;
  /** Events handed to the group for it and not yet written. */
  queued = 0;
  /** Its subscription is paused (socket or queue full): resumed once both drained. */
  paused = false;
  lastSentCursor: string | null = null;
  finished = false;
  /** Ended by the relay while events were still queued: ends once they are written. */
  private endsWith: { error?: Error } | null = null;

  constructor(
    readonly delivery: GroupDelivery,
    readonly group: Group,
    readonly args: ExecutionArgs,
    readonly subscription: RelaySubscription,
    readonly socket: DirectTarget['socket'],
    id: string,
  ) {
    this.prefix = flatString(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    this.outlet = new Outlet(this);
  }

  take(event: StoredEvent): boolean {
    this.queued++;
    this.group.add(event, this);
    if (this.queued < MAX_UNTAKEN_EVENTS && this.socket.bufferedAmount <= HIGH_WATER_BYTES) return true;
    this.paused = true;
    return false;
  }

  end(error?: Error): void {
    if (this.queued > 0) this.endsWith = { error };
    else this.stop(error);
  }

  /** One of its queued events was written (or dropped): resumes or ends it when none are left. */
  written(): void {
    if (--this.queued > 0 || this.finished) return;
    if (this.endsWith) this.stop(this.endsWith.error);
    else if (this.paused) this.delivery.resumeWhenDrained(this);
  }

  /** Ends it with `error` (or completes it), from the server's side. */
  stop(error?: Error): void {
    this.leave();
    this.outlet.finish(error);
  }

  resume(): void {
    this.paused = false;
    this.subscription.resume();
  }

  /** Out of its group and its subscription closed; its outlet finishes separately. */
  leave(): void {
    if (this.finished) return;
    this.finished = true;
    this.subscription.close();
    this.group.remove(this);
  }
}

/** Subscribers that share one execution per event; `key` null: a group of one that shares nothing. */
class Group {
  readonly members = new Set<Member>();
  /** Events to deliver in order, each with the members it goes to. */
  private readonly batches: ({ event: StoredEvent; members: Member[] } | undefined)[] = [];
  /** The first batch not yet delivered (a queue by index: `shift` on a long array is linear). */
  private next = 0;
  /**
   * Each event's serialised result, for as long as the event is held anywhere: members that replay
   * an event the relay still keeps (its recent events) get the same object, and reuse this.
   */
  private readonly serialised = new WeakMap<StoredEvent, string>();
  private running = false;

  constructor(
    private readonly delivery: GroupDelivery,
    readonly key: string | null,
  ) {}

  /** Called by the relay's dispatch for every member that may see the event, one after the other. */
  add(event: StoredEvent, member: Member): void {
    const last = this.batches.at(-1);
    if (last?.event === event) last.members.push(member);
    else this.batches.push({ event, members: [member] });
    if (this.running) return;
    this.running = true;
    // After dispatch has handed the event to every subscriber: the batch is complete by then.
    queueMicrotask(() => void this.run());
  }

  remove(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0) this.delivery.forget(this);
  }

  private async run(): Promise<void> {
    try {
      while (this.next < this.batches.length) {
        const batch = this.batches[this.next]!;
        const json = this.serialised.get(batch.event);
        // A result already serialised (another member's, or a replay of a kept event) is written
        // without an await: a burst of replays costs a loop, not a promise per delivery.
        if (json !== undefined) this.write(batch.event, json, batch.members);
        else {
          try {
            await this.deliver(batch.event, batch.members);
          } catch (error) {
            for (const member of batch.members) if (!member.finished) member.stop(error as Error);
          }
        }
        this.batches[this.next++] = undefined;
        // Before `written`: a member that resumes there adds its replay to the end.
        if (this.next >= COMPACT_AFTER && this.next * 2 >= this.batches.length) {
          this.batches.splice(0, this.next);
          this.next = 0;
        }
        for (const member of batch.members) member.written();
      }
    } finally {
      this.running = false;
    }
  }

  /** Executes once for all the members, or one by one when the result has errors. */
  private async deliver(event: StoredEvent, members: readonly Member[]): Promise<void> {
    const executor = members.find((member) => !member.finished);
    if (!executor) return;
    const result = await this.delivery.execute(executor.args, event);
    if (result.errors?.length) return this.oneByOne(event, members);
    const json = JSON.stringify(result);
    this.serialised.set(event, json);
    this.write(event, json, members);
  }

  /** The shared result, serialised once, to every member's socket in one loop. */
  private write(event: StoredEvent, json: string, members: readonly Member[]): void {
    for (const member of members) {
      if (member.finished || member.socket.readyState !== member.socket.OPEN) continue;
      member.socket.send(`${member.prefix}${json}}`);
      member.lastSentCursor = event.cursor;
    }
  }

  /** An error may belong to the member that executed: each executes for itself, and errors go through graphql-ws. */
  private async oneByOne(event: StoredEvent, members: readonly Member[]): Promise<void> {
    for (const member of members) {
      if (member.finished) continue;
      const result = await this.delivery.execute(member.args, event);
      if (result.errors?.length) await member.outlet.emit(result);
      else this.write(event, JSON.stringify(result), [member]);
      member.lastSentCursor = event.cursor;
    }
  }
}

/** The groups of one server, and the one timer that watches congested sockets. */
export class GroupDelivery {
  private readonly groups = new Map<string, Group>();
  /** Paused members whose socket is still above the high-water mark, with when it last moved. */
  private readonly draining = new Map<Member, { buffered: number; movedAt: number }>();
  private drainTimer: NodeJS.Timeout | null = null;

  /** Delivers `subscription`'s events to `target` within the group `key` (null: alone); graphql-ws iterates the answer. */
  join(key: string | null, args: ExecutionArgs, subscription: RelaySubscription, target: DirectTarget): AsyncIterableIterator<ExecutionResult> {
    let group = key === null ? undefined : this.groups.get(key);
    if (!group) {
      group = new Group(this, key);
      if (key !== null) this.groups.set(key, group);
    }
    const member = new Member(this, group, args, subscription, target.socket, target.id);
    group.members.add(member);
    subscription.attach(member);
    return member.outlet;
  }

  execute(args: ExecutionArgs, event: StoredEvent): ExecutionResult | Promise<ExecutionResult> {
    return execute({ ...args, rootValue: event });
  }

  forget(group: Group): void {
    if (group.key !== null && this.groups.get(group.key) === group) this.groups.delete(group.key);
  }

  resumeWhenDrained(member: Member): void {
    if (member.socket.bufferedAmount <= HIGH_WATER_BYTES) return member.resume();
    this.draining.set(member, { buffered: member.socket.bufferedAmount, movedAt: Date.now() });
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => this.checkDraining(), DRAIN_POLL_MS);
    this.drainTimer.unref();
  }

  private checkDraining(): void {
    const now = Date.now();
    for (const [member, watch] of this.draining) {
      const { socket } = member;
      if (member.finished || socket.readyState !== socket.OPEN) {
        this.draining.delete(member);
      } else if (socket.bufferedAmount <= HIGH_WATER_BYTES) {
        this.draining.delete(member);
        member.resume();
      } else if (socket.bufferedAmount < watch.buffered) {
        watch.buffered = socket.bufferedAmount;
        watch.movedAt = now;
      } else if (now - watch.movedAt > STALL_MS && member.lastSentCursor !== null) {
        // Only a member that was sent something fills its socket; one that was sent nothing waits on.
        this.draining.delete(member);
        member.stop(resumeRequired(member.lastSentCursor));
      }
    }
    if (this.draining.size === 0 && this.drainTimer) {
      clearInterval(this.drainTimer);
      this.drainTimer = null;
    }
  }
}
