import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvents } from '../../events/event-writer.js';
import { withDates } from '../../shared/rows.js';
import { inTransaction } from '../../shared/transactions.js';
import { Story, StoryStatus } from './story.entity.js';
import { EVENT_FOR_STATUS, storyAggregate, type StoryFacts } from './story.events.js';

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
    await storyAggregate.record(tx, EVENT_FOR_STATUS[story.status], story, actorId);
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
    for (const story of stories) await storyAggregate.record(tx, EVENT_FOR_STATUS[story.status], story, null);
    return stories.length;
  });
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** One prompt, or every prompt of an owner. */
export type PromptSelection = { promptId: string } | { ownerId: string };

/** Rows as `StoryFacts`: a bulk statement returns plain rows, cheaper than entities (and no story text). */
const STORY_FACTS = `id, prompt_id as "promptId", owner_id as "ownerId", status, word_count as "wordCount", max_words as "maxWords",
  provider, error, created_at as "createdAt", finished_at as "finishedAt", version`;

/**
 * Deletes the stories of the prompts the caller is deleting (and has locked), each change with its
 * event: a story still being written is cancelled first (`StoryCancelled`), then the stories go
 * (`StoryDeleted`). Returns the ids of the cancelled stories: their writers must stop
 * (`StoryRunner.discard`, after commit).
 */
export async function removeStoriesOfPrompts(tx: EntityManager, which: PromptSelection, actorId: string | null): Promise<string[]> {
  const [prompts, id] = 'promptId' in which ? ['id = ?', which.promptId] : ['owner_id = ?', which.ownerId];
  const stories = 'promptId' in which ? { promptId: which.promptId } : { ownerId: which.ownerId };
  const generating = await tx.find(Story, { ...stories, status: StoryStatus.GENERATING }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const now = new Date();
  for (const story of generating) {
    story.status = StoryStatus.CANCELLED;
    story.finishedAt = now;
  }
  await tx.flush();
  for (const story of generating) await storyAggregate.record(tx, EVENT_FOR_STATUS[story.status], story, actorId);
  const storyRows = await tx.execute<Record<string, unknown>[]>(
    `delete from story where prompt_id in (select id from prompt where ${prompts}) returning ${STORY_FACTS}`,
    [id],
  );
  await recordEvents(tx, withDates<StoryFacts>(storyRows, ['createdAt', 'finishedAt']).map((story) => storyAggregate.event('StoryDeleted', story, actorId)));
  return generating.map((story) => story.id);
}
