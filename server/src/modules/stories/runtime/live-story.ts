import { Story, StoryStatus } from '../story.entity.js';

/** Why this process stopped writing a story before the generator finished. */
export type StopReason = 'cancel' | 'shutdown' | 'gone';

/**
 * A story being written in this process: the text so far, held in memory and streamed from
 * here to this process's subscribers. Subscribers read `text` and `status` and wait on `changed()`;
 * nothing is queued per subscriber, so a slow one simply receives bigger deltas.
 */
export class LiveStory {
  text = '';
  wordCount = 0;
  status = StoryStatus.GENERATING;
  error: string | null = null;
  finishedAt: Date | null = null;
  version: number;
  /** The row is gone (its prompt was deleted): the stream ends with no story. */
  deleted = false;
  /** Characters of `text` known to be stored. */
  savedLength = 0;
  savedWords = 0;
  stopReason: StopReason | null = null;
  readonly abort = new AbortController();
  /** Settles when the generation has ended and its outcome is stored. */
  done: Promise<void> = Promise.resolve();
  saving: Promise<void> | null = null;

  private wake: () => void = () => {};
  private next: Promise<void> = this.renew();

  /** What never changes while it is written. */
  private readonly fixed: Pick<Story, 'id' | 'promptId' | 'ownerId' | 'maxWords' | 'provider' | 'runnerId' | 'createdAt' | 'cancelRequestedAt'>;

  constructor(story: Story) {
    const { id, promptId, ownerId, maxWords, provider, runnerId, createdAt, cancelRequestedAt } = story;
    this.fixed = { id, promptId, ownerId, maxWords, provider, runnerId, createdAt, cancelRequestedAt };
    this.version = story.version;
  }

  get id(): string {
    return this.fixed.id;
  }

  get ownerId(): string {
    return this.fixed.ownerId;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  private renew(): Promise<void> {
    return (this.next = new Promise<void>((resolve) => (this.wake = resolve)));
  }

  /** Resolves at the next change of text or status, or when `signal` aborts. */
  changed(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      void this.next.then(done);
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.renew();
    wake();
  }

  append(delta: string): void {
    if (this.status !== StoryStatus.GENERATING || !delta) return;
    // A delta may continue the last word ("hel" + "lo"): that is not a new word.
    const continues = /\S$/.test(this.text) && /^\S/.test(delta);
    this.wordCount += (delta.match(/\S+/g) ?? []).length - (continues ? 1 : 0);
    this.text += delta;
    this.notify();
  }

  stop(reason: StopReason): void {
    if (this.stopReason || this.status !== StoryStatus.GENERATING) return;
    this.stopReason = reason;
    this.abort.abort(new Error(`story ${reason}`));
  }

  /** Takes the final state from the stored story (null: deleted). */
  settle(stored: Story | null): void {
    if (stored) {
      // The stored text is the truth once settled; it only differs if another process settled first.
      if (stored.text.length >= this.text.length) this.text = stored.text;
      this.wordCount = stored.wordCount;
      this.status = stored.status;
      this.error = stored.error;
      this.finishedAt = stored.finishedAt;
      this.version = stored.version;
    } else {
      this.deleted = true;
      this.status = StoryStatus.CANCELLED;
      this.finishedAt = new Date();
    }
    this.notify();
  }

  /** The story as of now, for a stream chunk; null once deleted. */
  snapshot(): Story | null {
    if (this.deleted) return null;
    return Object.assign(new Story(), {
      ...this.fixed,
      text: this.text,
      wordCount: this.wordCount,
      status: this.status,
      error: this.error,
      finishedAt: this.finishedAt,
      version: this.version,
    });
  }
}
