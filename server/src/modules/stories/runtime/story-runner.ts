import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import type { AppServices } from '../../../context/request-context.js';
import { Backoff } from '../../../shared/backoff.js';
import { createStoryGenerator } from '../generators/create-generator.js';
import { GenerationError, type StoryGenerator, type StoryRequest } from '../generators/story-generator.js';
import { LiveStory } from './live-story.js';
import type { Prompt } from '../../prompts/prompt.entity.js';
import { Story, StoryStatus } from '../story.entity.js';
import { INTERRUPTED, interruptStories, settleStory, type StoryOutcome } from '../story.lifecycle.js';

/** Each process's runner, by the services it was started with (one per running Chorus; tests run several). */
const runners = new WeakMap<AppServices, StoryRunner>();

/** Text is stored at least this often while it grows (and a cancel asked for elsewhere is noticed). */
const SAVE_INTERVAL_MS = 500;
/** ... and whenever this many words are waiting. */
const SAVE_EVERY_WORDS = 40;
/** How often this process looks for stories whose writer has gone. */
const SWEEP_INTERVAL_MS = 10_000;
/** A story of this runner that it is not writing is an orphan only after this long (it may be about to start). */
const ORPHAN_GRACE_MS = 10_000;
/** A provider that ignores the length asked for is cut off here. */
const WORD_CAP_FACTOR = 2;

/** The process's story runner, created at start-up by `StoryRunner.start`. */
export function storyRunner(app: AppServices): StoryRunner {
  const runner = runners.get(app);
  if (!runner) throw new Error('The story runner is not running in this process');
  return runner;
}

/**
 * Runs story generations in this process and streams their text to local subscribers.
 *
 * Liveness across processes: each runner holds a PostgreSQL advisory lock named by its id on a
 * dedicated connection for as long as it lives, and stamps its id on the stories it writes. A
 * story GENERATING under a runner whose lock is free has lost its writer (crash, kill, lost
 * network); any runner that notices — at start-up and every few seconds — marks it FAILED
 * "interrupted". Live runners on other processes are left alone.
 */
export class StoryRunner {
  readonly id = randomUUID();
  readonly generator: StoryGenerator;
  private readonly running = new Map<string, LiveStory>();
  private lock: pg.Client | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly lockBackoff = new Backoff(1_000);
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly orm: MikroORM,
    private readonly connectionString: string,
    private readonly log: Logger,
    generator: StoryGenerator,
  ) {
    this.generator = generator;
  }

  static async start(app: AppServices, generator: StoryGenerator = createStoryGenerator(app.config.story)): Promise<StoryRunner> {
    const runner = new StoryRunner(app.orm, app.orm.config.get('clientUrl')!, app.log.child({ module: 'stories' }), generator);
    await runner.connectLock();
    await runner.sweep();
    runner.sweepTimer = setInterval(() => void runner.sweep(), SWEEP_INTERVAL_MS);
    runner.sweepTimer.unref();
    runners.set(app, runner);
    return runner;
  }

  get provider(): string {
    return this.generator.provider;
  }

  /** The story, when this process is writing it. */
  live(storyId: string): LiveStory | undefined {
    return this.running.get(storyId);
  }

  /** Starts writing a story that was just stored as GENERATING under this runner's id. */
  launch(story: Story, prompt: Prompt): void {
    const live = new LiveStory(story);
    this.running.set(story.id, live);
    const request: StoryRequest = {
      title: prompt.title,
      content: prompt.content,
      genre: prompt.genre,
      tone: prompt.tone,
      maxWords: story.maxWords,
      seed: story.id,
    };
    live.done = this.write(live, request)
      .catch((error) => this.log.error({ err: error, storyId: story.id }, 'story generation crashed'))
      .finally(() => this.running.delete(story.id));
  }

  /** Stops a story this process is writing and waits until it is stored as CANCELLED; false if not writing it. */
  async cancel(storyId: string): Promise<boolean> {
    const live = this.running.get(storyId);
    if (!live) return false;
    live.stop('cancel');
    await live.done;
    return true;
  }

  /** Stops writing stories whose rows were deleted (their prompt went); nothing more is stored. */
  discard(storyIds: string[]): void {
    for (const id of storyIds) this.running.get(id)?.stop('gone');
  }

  /** Whether the runner that stamped a story is still alive (in this or another process). */
  async isAlive(runnerId: string | null): Promise<boolean> {
    if (runnerId === null) return false;
    if (runnerId === this.id) return true;
    const lock = this.lock;
    // Without our own connection we cannot tell; assume alive rather than fail someone's story.
    if (!lock) return true;
    try {
      const { rows } = await lock.query<{ free: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as free', [runnerId]);
      if (!rows[0]?.free) return true;
      await lock.query('select pg_advisory_unlock(hashtextextended($1, 0))', [runnerId]);
      return false;
    } catch (error) {
      this.log.warn({ err: error }, 'could not check whether a story runner is alive');
      return true;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const running = [...this.running.values()];
    for (const live of running) live.stop('shutdown');
    await Promise.allSettled(running.map((live) => live.done));
    await this.sweeping?.catch(() => {});
    const lock = this.lock;
    this.lock = null;
    await lock?.end().catch(() => {});
  }

  private async write(live: LiveStory, request: StoryRequest): Promise<void> {
    const timer = setInterval(() => this.checkpoint(live), SAVE_INTERVAL_MS);
    let outcome: StoryOutcome | null;
    try {
      for await (const delta of this.generator.write(request, live.signal)) {
        live.append(delta);
        if (live.wordCount - live.savedWords >= SAVE_EVERY_WORDS) this.checkpoint(live);
        if (live.wordCount >= request.maxWords * WORD_CAP_FACTOR) break;
      }
      outcome = { status: StoryStatus.DONE };
    } catch (error) {
      outcome = live.stopReason ? this.stoppedOutcome(live) : this.failedOutcome(live, error);
    } finally {
      clearInterval(timer);
    }
    await live.saving;
    await this.store(live, outcome);
  }

  private stoppedOutcome(live: LiveStory): StoryOutcome | null {
    if (live.stopReason === 'cancel') return { status: StoryStatus.CANCELLED };
    if (live.stopReason === 'shutdown') return { status: StoryStatus.FAILED, error: INTERRUPTED };
    return null;
  }

  private failedOutcome(live: LiveStory, error: unknown): StoryOutcome {
    if (error instanceof GenerationError) return { status: StoryStatus.FAILED, error: error.message };
    this.log.error({ err: error, storyId: live.id }, 'story generator failed unexpectedly');
    return { status: StoryStatus.FAILED, error: 'The story could not be written (internal error)' };
  }

  /**
   * Stores the growing text in one short statement (it holds back event delivery while open),
   * and learns whether the story was cancelled or deleted elsewhere meanwhile.
   */
  private checkpoint(live: LiveStory): void {
    if (live.saving || live.stopReason) return;
    live.saving = this.save(live).finally(() => (live.saving = null));
  }

  private async save(live: LiveStory): Promise<void> {
    const text = live.text;
    const words = live.wordCount;
    const dirty = text.length !== live.savedLength;
    const connection = this.orm.em.getConnection();
    try {
      const rows: { cancel_requested_at: Date | null }[] = dirty
        ? await connection.execute(
            `update story set text = ?, word_count = ? where id = ? and status = 'GENERATING' returning cancel_requested_at`,
            [text, words, live.id],
          )
        : await connection.execute(`select cancel_requested_at from story where id = ? and status = 'GENERATING'`, [live.id]);
      if (!rows.length) {
        live.stop('gone');
        return;
      }
      if (dirty) {
        live.savedLength = text.length;
        live.savedWords = words;
      }
      if (rows[0]!.cancel_requested_at) live.stop('cancel');
    } catch (error) {
      // The next checkpoint tries again; the final state is stored with retries.
      this.log.warn({ err: error, storyId: live.id }, 'could not save story text');
    }
  }

  /** Stores the outcome (or, when settled elsewhere, adopts it) and lets subscribers see the end. */
  private async store(live: LiveStory, outcome: StoryOutcome | null): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const em = this.orm.em.fork();
        const stored = outcome
          ? await settleStory(em, live.id, { ...outcome, text: live.text, wordCount: live.wordCount }, outcome.status === StoryStatus.CANCELLED ? live.ownerId : null)
          : await em.findOne(Story, { id: live.id });
        live.settle(stored);
        return;
      } catch (error) {
        if (attempt >= 2) {
          // The row stays GENERATING; the sweep fails it as an orphan once the database is back.
          this.log.error({ err: error, storyId: live.id }, 'could not store how a story ended');
          live.settle(Object.assign(new Story(), { ...live.snapshot(), status: StoryStatus.FAILED, error: INTERRUPTED }));
          return;
        }
        await sleep(200 * 5 ** attempt);
      }
    }
  }

  /** Fails the stories whose writer is gone: other runners' (lock free) and this runner's orphans. */
  private sweep(): Promise<void> {
    if (this.stopped || this.sweeping) return this.sweeping ?? Promise.resolve();
    this.sweeping = (async () => {
      try {
        const rows: { runner_id: string | null; id: string; age_ms: number }[] = await this.orm.em
          .getConnection()
          .execute(
            `select runner_id, id, extract(epoch from (now() - created_at)) * 1000 as age_ms from story where status = 'GENERATING'`,
          );
        const runnerIds = new Set<string>();
        const dead: string[] = [];
        const orphans: string[] = [];
        let unowned = false;
        for (const row of rows) {
          if (row.runner_id === null) unowned = true;
          else if (row.runner_id !== this.id) runnerIds.add(row.runner_id);
          else if (!this.running.has(row.id) && Number(row.age_ms) > ORPHAN_GRACE_MS) orphans.push(row.id);
        }
        for (const runnerId of runnerIds) if (!(await this.isAlive(runnerId))) dead.push(runnerId);
        const failed = await interruptStories(this.orm.em.fork(), { runnerIds: dead, unowned, storyIds: orphans });
        if (failed) this.log.warn({ failed }, 'stories whose writer had gone were marked FAILED');
      } catch (error) {
        this.log.warn({ err: error }, 'story sweep failed; will retry');
      }
    })().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /** Holds this runner's advisory lock on its own connection: the lock is how others know it lives. */
  private async connectLock(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    const lost = (error?: Error) => {
      if (error) this.log.warn({ err: error }, 'story runner lock connection lost');
      if (this.lock !== client) return;
      this.lock = null;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [this.id]);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    this.lock = client;
    this.lockBackoff.reset();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.connectLock().catch((error) => {
        this.log.warn({ err: error }, 'story runner could not reconnect its lock');
        this.scheduleReconnect();
      });
    }, this.lockBackoff.next());
    this.reconnectTimer.unref();
  }
}
