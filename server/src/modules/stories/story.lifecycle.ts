import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction } from '../../shared/transactions.js';
import { Story, StoryStatus } from './story.entity.js';
import { recordStoryEvent } from './story.events.js';

/** How a generation ended. `text` is the whole text when the caller has it (the runner does). */
export interface StoryOutcome {
  status: StoryStatus.DONE | StoryStatus.FAILED | StoryStatus.CANCELLED;
  error?: string | null;
  text?: string;
  wordCount?: number;
}

export const INTERRUPTED = 'interrupted';

/**
 * Moves a GENERATING story to its final status, once: of two processes settling one story (a
 * finish racing a cancel), the row lock lets the first win and the second sees it settled.
 * Returns the story as stored afterwards, or null when it no longer exists.
 */
export function settleStory(em: EntityManager, id: string, outcome: StoryOutcome, actorId: string | null): Promise<Story | null> {
  return inTransaction(em, async (tx) => {
    const story = await tx.findOne(Story, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!story || story.status !== StoryStatus.GENERATING) return story;
    if (outcome.text !== undefined) {
      story.text = outcome.text;
      story.wordCount = outcome.wordCount ?? countWords(outcome.text);
    }
    story.status = outcome.status;
    story.error = outcome.error ?? null;
    story.finishedAt = new Date();
    await tx.flush();
    await recordStoryEvent(tx, story, actorId);
    return story;
  });
}

/** Stories whose writer is gone (a crash, a lost process) fail visibly, keeping the text saved so far. */
export function interruptStories(
  em: EntityManager,
  which: { runnerIds: string[]; unowned: boolean; storyIds: string[] },
): Promise<number> {
  const writtenBy: object[] = [];
  if (which.runnerIds.length) writtenBy.push({ runnerId: { $in: which.runnerIds } });
  if (which.unowned) writtenBy.push({ runnerId: null });
  if (which.storyIds.length) writtenBy.push({ id: { $in: which.storyIds } });
  if (!writtenBy.length) return Promise.resolve(0);
  return inTransaction(em, async (tx) => {
    const stories = await tx.find(Story, { status: StoryStatus.GENERATING, $or: writtenBy }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const now = new Date();
    for (const story of stories) {
      story.status = StoryStatus.FAILED;
      story.error = INTERRUPTED;
      story.finishedAt = now;
    }
    await tx.flush();
    for (const story of stories) await recordStoryEvent(tx, story, null);
    return stories.length;
  });
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
