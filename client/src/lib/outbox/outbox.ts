import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { CreatePromptInput, CreateTaskInput, PostTweetInput } from '../../gql/graphql';
import { newClientMutationId } from '../client-mutation-id';
import { errorCode, errorMessage } from '../graphql-errors';
import { backoffDelay } from '../live-retry';

/** What the outbox can create: each kind's input as the form gives it (the outbox adds the `clientMutationId`). */
export interface OutboxInputs {
  tweet: Omit<PostTweetInput, 'clientMutationId'>;
  task: Omit<CreateTaskInput, 'clientMutationId'>;
  prompt: Omit<CreatePromptInput, 'clientMutationId'>;
}

export type OutboxKind = keyof OutboxInputs;

/** Sends one kind's creating mutation (and puts its result in the cache); resolves with the created object's id. */
export type OutboxSenders = { [K in OutboxKind]: (input: OutboxInputs[K], clientMutationId: string) => Promise<{ id: string }> };

interface StoredEntry<K extends OutboxKind = OutboxKind> {
  /** Also the `clientMutationId` every attempt sends: the server creates the object once, whatever happens to the responses. */
  id: string;
  kind: K;
  input: OutboxInputs[K];
  /** Who typed it: only a session of this user sends it. */
  userId: string;
  queuedAt: string;
  /** The server's reason when it refused the entry; it then waits for Retry or Discard. */
  refusal?: { message: string; fields: Record<string, string> };
}

export type OutboxEntry<K extends OutboxKind = OutboxKind> = Readonly<StoredEntry<K>> & {
  /** A request for it is under way in this tab. */
  sending: boolean;
};

/** How the first attempt at a new entry ended, for the form that queued it. */
export type OutboxOutcome =
  | { status: 'sent'; id: string }
  /** Kept: the browser is offline, the server unreachable, or the session not ready; it goes when they are. */
  | { status: 'waiting' }
  /** The server said no (the entry stays, marked, for Retry or Discard). */
  | { status: 'refused'; id: string; message: string; fields: Record<string, string> };

type AttemptResult =
  | { status: 'sent'; id: string }
  | { status: 'refused'; message: string; fields: Record<string, string> }
  | { status: 'gone' }
  | { status: 'unreachable' }
  | { status: 'signed-out' };

export const OUTBOX_KEY_PREFIX = 'chorus.outbox.';

/** The subject (user id) of an access token; the outbox only reads it, the server checks the signature. */
export function tokenSubject(token: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/** Codes that say "not now" rather than "not this": the same request may succeed later. */
const TRANSIENT_CODES = new Set(['RATE_LIMITED']);

/** What one attempt's failure means for the entry. */
export function classifySendFailure(error: unknown): AttemptResult {
  if (!CombinedGraphQLErrors.is(error)) return { status: 'unreachable' };
  const code = errorCode(error);
  // The first call created it and it was deleted since: it was created once, as asked.
  if (code === 'NOT_FOUND') return { status: 'gone' };
  if (code === 'UNAUTHENTICATED') return { status: 'signed-out' };
  if (code && TRANSIENT_CODES.has(code)) return { status: 'unreachable' };
  const fields: Record<string, string> = {};
  for (const item of error.errors) {
    const given = item.extensions?.fields;
    if (given && typeof given === 'object') {
      for (const [name, message] of Object.entries(given)) if (typeof message === 'string') fields[name] = message;
    }
  }
  return { status: 'refused', message: errorMessage(error), fields };
}

export interface OutboxOptions {
  senders: OutboxSenders;
  /** The access token requests will carry now (refreshed when needed), or null when signed out. */
  accessToken: () => Promise<string | null>;
  storage?: Storage;
  locks?: LockManager;
  isOnline?: () => boolean;
  /** Where `online`, `storage` events come from. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Creating mutations that must not be lost: each is stored (localStorage, per user) before it is
 * sent, shown as pending, and sent — oldest first — while the browser is online and the server
 * answers; otherwise again when the connection returns. Every attempt carries the entry's own
 * `clientMutationId`, so a response lost in transit cannot make a second object. Tabs share the
 * stored entries; a Web Lock lets one tab at a time send them.
 */
export class Outbox {
  private readonly storage: Storage;
  private readonly locks: LockManager | undefined;
  private readonly isOnline: () => boolean;
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<string>();
  private readonly waiters = new Map<string, (outcome: OutboxOutcome) => void>();
  private readonly snapshots = new Map<string, OutboxEntry[]>();
  private activeUserId: string | null = null;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly options: OutboxOptions) {
    this.storage = options.storage ?? window.localStorage;
    this.locks = options.locks ?? globalThis.navigator?.locks;
    this.isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine !== false);
  }

  /** Sends this user's entries from now on (the app calls it once it knows who is signed in); null stops. */
  activate(userId: string | null): void {
    if (userId === this.activeUserId) return;
    this.stopListening?.();
    this.stopListening = undefined;
    clearTimeout(this.retryTimer);
    this.activeUserId = userId;
    this.failures = 0;
    if (!userId) return;
    const events = this.options.events ?? window;
    const onOnline = () => this.wake();
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key.startsWith(OUTBOX_KEY_PREFIX)) this.changed();
    };
    events.addEventListener('online', onOnline);
    events.addEventListener('storage', onStorage);
    this.stopListening = () => {
      events.removeEventListener('online', onOnline);
      events.removeEventListener('storage', onStorage);
    };
    void this.drain();
  }

  /** The connection is back (browser online, socket reconnected): try now rather than at the next back-off. */
  wake(): void {
    this.failures = 0;
    clearTimeout(this.retryTimer);
    void this.drain();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This user's entries, oldest first; the same array until something changes (for `useSyncExternalStore`). */
  entries(userId: string): OutboxEntry[] {
    let snapshot = this.snapshots.get(userId);
    if (!snapshot) {
      snapshot = this.read(userId).map((entry) => ({ ...entry, sending: this.inFlight.has(entry.id) }));
      this.snapshots.set(userId, snapshot);
    }
    return snapshot;
  }

  /** Stores a new entry and sends it if it can; resolves with how that first attempt went. */
  enqueue<K extends OutboxKind>(userId: string, kind: K, input: OutboxInputs[K]): Promise<OutboxOutcome> {
    const entry: StoredEntry<K> = { id: newClientMutationId(), kind, input, userId, queuedAt: new Date().toISOString() };
    this.put(entry);
    const outcome = new Promise<OutboxOutcome>((resolve) => this.waiters.set(entry.id, resolve));
    if (userId === this.activeUserId) void this.drain();
    else this.settle(entry.id, { status: 'waiting' });
    return outcome;
  }

  /** A refused entry goes back in the queue, unchanged (the server may accept it now). */
  retry(userId: string, id: string): void {
    const entry = this.read(userId).find((candidate) => candidate.id === id);
    if (entry) this.put({ ...entry, refusal: undefined });
    this.wake();
  }

  discard(userId: string, id: string): void {
    this.remove(userId, id);
    this.settle(id, { status: 'waiting' });
  }

  /**
   * Each entry has a key of its own, never one list for all: a tab's copy of localStorage learns of
   * another tab's writes late (Chromium), and a list rewritten from a stale copy would drop what the
   * other tab had just added. Removing a key only removes that entry.
   */
  private key(userId: string, id: string): string {
    return `${OUTBOX_KEY_PREFIX}${userId}/${id}`;
  }

  /** The list key of earlier versions, moved to one key per entry when first read. */
  private legacyKey(userId: string): string {
    return `${OUTBOX_KEY_PREFIX}${userId}`;
  }

  private read(userId: string): StoredEntry[] {
    this.moveLegacyList(userId);
    const prefix = this.key(userId, '');
    const entries: StoredEntry[] = [];
    for (let index = 0; index < this.storage.length; index += 1) {
      const key = this.storage.key(index);
      if (!key?.startsWith(prefix)) continue;
      const entry = asEntry(parseStored(this.storage.getItem(key)));
      if (entry?.userId === userId && key === this.key(userId, entry.id)) entries.push(entry);
    }
    return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id));
  }

  private moveLegacyList(userId: string): void {
    const stored = this.storage.getItem(this.legacyKey(userId));
    if (stored === null) return;
    const list = parseStored(stored);
    for (const item of Array.isArray(list) ? list : []) {
      const entry = asEntry(item);
      if (entry?.userId === userId) this.storage.setItem(this.key(userId, entry.id), JSON.stringify(entry));
    }
    this.storage.removeItem(this.legacyKey(userId));
  }

  private put(entry: StoredEntry): void {
    this.storage.setItem(this.key(entry.userId, entry.id), JSON.stringify(entry));
    this.changed();
  }

  private remove(userId: string, id: string): void {
    this.storage.removeItem(this.key(userId, id));
    this.changed();
  }

  private changed(): void {
    this.snapshots.clear();
    for (const listener of [...this.listeners]) listener();
  }

  private settle(id: string, outcome: OutboxOutcome): void {
    this.waiters.get(id)?.(outcome);
    this.waiters.delete(id);
  }

  /** Sends waiting entries until none is left or the server cannot be reached; one drain at a time per tab. */
  private drain(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        const userId = this.activeUserId;
        if (!userId || !this.isOnline()) break;
        const send = () => this.sendWaiting(userId);
        await (this.locks ? this.locks.request(`${OUTBOX_KEY_PREFIX}${userId}`, send) : send());
      } while (this.drainAgain);
    })().finally(() => {
      this.draining = null;
      // Whatever was not sent stays queued: the forms that are waiting learn that now.
      for (const id of [...this.waiters.keys()]) this.settle(id, { status: 'waiting' });
    });
    return this.draining;
  }

  private async sendWaiting(userId: string): Promise<void> {
    for (;;) {
      // Read every time: another tab may have sent or discarded entries meanwhile.
      const next = this.read(userId).find((entry) => !entry.refusal && !this.inFlight.has(entry.id));
      if (!next || userId !== this.activeUserId || !this.isOnline()) return;
      const result = await this.attempt(next);
      if (result.status === 'unreachable') {
        this.failures += 1;
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void this.drain(), backoffDelay(this.failures));
        return;
      }
      if (result.status === 'signed-out') return;
      this.failures = 0;
      if (result.status === 'refused') {
        const refusal = { message: result.message, fields: result.fields };
        // Unless another tab discarded it meanwhile.
        if (this.storage.getItem(this.key(userId, next.id)) !== null) this.put({ ...next, refusal });
        this.settle(next.id, { ...result, id: next.id });
      } else {
        this.remove(userId, next.id);
        this.settle(next.id, result.status === 'sent' ? result : { status: 'waiting' });
      }
    }
  }

  private async attempt(entry: StoredEntry): Promise<AttemptResult> {
    let token: string | null;
    try {
      token = await this.options.accessToken();
    } catch {
      return { status: 'unreachable' };
    }
    // Never as someone else: the session may have changed hands since the entry was typed.
    if (!token || tokenSubject(token) !== entry.userId) return { status: 'signed-out' };
    this.inFlight.add(entry.id);
    this.changed();
    try {
      const send = this.options.senders[entry.kind] as (input: OutboxInputs[OutboxKind], clientMutationId: string) => Promise<{ id: string }>;
      const created = await send(entry.input, entry.id);
      return { status: 'sent', id: created.id };
    } catch (error) {
      return classifySendFailure(error);
    } finally {
      this.inFlight.delete(entry.id);
      this.changed();
    }
  }
}

/** JSON text from storage, or undefined where there is none or it does not parse. */
function parseStored(stored: string | null): unknown {
  if (stored === null) return undefined;
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return undefined;
  }
}

function asEntry(value: unknown): StoredEntry | null {
  const entry = value as Partial<StoredEntry> | null | undefined;
  return entry && typeof entry.id === 'string' && typeof entry.userId === 'string' && typeof entry.queuedAt === 'string' && typeof entry.kind === 'string'
    ? (entry as StoredEntry)
    : null;
}
