/** Node's timers wait at most this long (a longer delay fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends items at their expiry time with one timer for all of them, instead of a timer per item
 * (a socket's access token: W5 in bench/ANALYSIS.md). Items wait in buckets of `resolutionMs`,
 * rounded up — an item ends up to that much late, never early (JWT expiry times are whole seconds,
 * so with the default every bucket is exact) — and the timer waits for the earliest bucket.
 */
export class ExpiryClock<T> {
  /** Bucket end (epoch ms) → its items. */
  private readonly buckets = new Map<number, Set<T>>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;

  constructor(
    private readonly expire: (item: T) => void,
    private readonly resolutionMs = 1000,
  ) {}

  /** Ends `item` at `atMs` (epoch ms) or within `resolutionMs` after; returns the key `remove` wants. */
  add(item: T, atMs: number): number {
    const bucket = Math.ceil(atMs / this.resolutionMs) * this.resolutionMs;
    let items = this.buckets.get(bucket);
    if (!items) this.buckets.set(bucket, (items = new Set()));
    items.add(item);
    if (bucket < this.timerAt) this.schedule(bucket);
    return bucket;
  }

  /** Forgets `item` (`bucket`: what `add` returned); an item already ended is no longer here. */
  remove(item: T, bucket: number): void {
    const items = this.buckets.get(bucket);
    if (items?.delete(item) && items.size === 0) this.buckets.delete(bucket);
    // The timer may now wait for an empty bucket: it then finds nothing due and waits for the next.
  }

  get size(): number {
    let size = 0;
    for (const items of this.buckets.values()) size += items.size;
    return size;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    this.buckets.clear();
  }

  private schedule(bucket: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = bucket;
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, bucket - Date.now())));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    // Buckets are few (one per second of the token lifetime at most): a scan finds the next one.
    for (const [bucket, items] of this.buckets) {
      if (bucket > now) {
        next = Math.min(next, bucket);
        continue;
      }
      this.buckets.delete(bucket);
      for (const item of items) this.expire(item);
    }
    // `expire` may have added (and scheduled) items of its own; the earliest bucket wins.
    if (next < this.timerAt) this.schedule(next);
  }
}
