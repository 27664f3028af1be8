import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Repeater } from '@repeaterjs/repeater';
import type { RequestContext } from '../../../context/request-context.js';
import { requireViewer } from '../../../auth/auth-checker.js';
import { notFound } from '../../../shared/errors.js';
import { isEntityId } from '../../../shared/validation.js';
import { Story, StoryStatus } from '../story.entity.js';
import { storyRunner } from './story-runner.js';

/** How often a subscriber polls the stored text of a story written by another process. */
export const STORED_POLL_INTERVAL_MS = 250;

export interface StoryChunkShape {
  storyId: string;
  index: number;
  delta: string;
  status: StoryStatus;
  story: Story | null;
}

/** Where a stream reads a story's text from: this process's runner, or the database. */
interface TextSource {
  readonly text: string;
  readonly status: StoryStatus;
  snapshot(): Story | null;
  /** Resolves when there may be something new. */
  changed(signal: AbortSignal): Promise<void>;
}

/**
 * A story written elsewhere (another process, or one that ended): the stored text, read again
 * every 250 ms with a fresh EntityManager fork, until it ends.
 */
class StoredStory implements TextSource {
  private lastText: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly id: string,
    private story: Story | null,
  ) {
    this.lastText = story?.text ?? '';
  }

  get text(): string {
    return this.story?.text ?? this.lastText;
  }

  get status(): StoryStatus {
    return this.story?.status ?? StoryStatus.CANCELLED;
  }

  snapshot(): Story | null {
    return this.story;
  }

  async changed(signal: AbortSignal): Promise<void> {
    await sleep(STORED_POLL_INTERVAL_MS, undefined, { signal }).catch(() => {});
    if (signal.aborted) return;
    this.lastText = this.text;
    this.story = await this.orm.em.fork().findOne(Story, { id: this.id });
  }
}

/**
 * `storyStream`: the text so far as one chunk, then each new piece, then a final chunk with the
 * final status, after which the stream completes. Every character is sent exactly once: the
 * stream keeps how much it has sent and always sends the rest of the current text.
 */
export async function openStoryStream(context: RequestContext, storyId: string): Promise<AsyncIterable<StoryChunkShape>> {
  const viewer = requireViewer(context);
  const app = context.app;
  // Checked with a fork of its own: the subscription's context lives far longer than this read.
  const story = isEntityId(storyId) ? await app.orm.em.fork().findOne(Story, { id: storyId, ownerId: viewer.id }) : null;
  if (!story) throw notFound('Story');
  const source: TextSource = storyRunner(app).live(storyId) ?? new StoredStory(app.orm, storyId, story);

  return new Repeater<StoryChunkShape>(async (push, stop) => {
    const ended = new AbortController();
    void stop.then(() => ended.abort());
    let sent = 0;
    let index = 0;
    try {
      while (!ended.signal.aborted) {
        const text = source.text;
        const status = source.status;
        const final = status !== StoryStatus.GENERATING;
        const delta = text.length > sent ? text.slice(sent) : '';
        if (index === 0 || delta || final) {
          sent = Math.max(sent, text.length);
          await push({ storyId, index: index++, delta, status, story: source.snapshot() });
          if (final) break;
          continue;
        }
        await source.changed(ended.signal);
      }
    } catch (error) {
      context.app.log.warn({ err: error, storyId }, 'story stream failed');
      throw new Error('The story stream was interrupted; subscribe again');
    }
    stop();
  });
}
