import type { EntityManager } from '@mikro-orm/postgresql';
import { audience, type ChangeKind, type NewDomainEvent, recordEvent } from '../../events/event-writer.js';
import { type Story, StoryStatus } from './story.entity.js';

export const STORY_AGGREGATE = 'Story';

export type StoryEventType = 'StoryStarted' | 'StoryFinished' | 'StoryFailed' | 'StoryCancelled' | 'StoryDeleted';

const KIND: Record<StoryEventType, ChangeKind> = {
  StoryStarted: 'CREATED',
  StoryFinished: 'UPDATED',
  StoryFailed: 'UPDATED',
  StoryCancelled: 'UPDATED',
  StoryDeleted: 'DELETED',
};

/** The event that records a story reaching `status`. */
export const EVENT_FOR_STATUS: Record<StoryStatus, StoryEventType> = {
  [StoryStatus.GENERATING]: 'StoryStarted',
  [StoryStatus.DONE]: 'StoryFinished',
  [StoryStatus.FAILED]: 'StoryFailed',
  [StoryStatus.CANCELLED]: 'StoryCancelled',
};

/** What a story event reads: the entity, or a row read back from a statement that changed many. */
export type StoryFacts = Pick<
  Story,
  'id' | 'promptId' | 'ownerId' | 'status' | 'wordCount' | 'maxWords' | 'provider' | 'error' | 'createdAt' | 'finishedAt' | 'version'
>;

/**
 * The status change, not the prose: the text lives in the story row and streams through
 * `storyStream`; copying it into every event would store each story twice.
 */
export function storySnapshot(story: StoryFacts) {
  return {
    id: story.id,
    promptId: story.promptId,
    status: story.status,
    wordCount: story.wordCount,
    maxWords: story.maxWords,
    provider: story.provider,
    error: story.error,
    createdAt: story.createdAt.toISOString(),
    finishedAt: story.finishedAt?.toISOString() ?? null,
    version: story.version,
  };
}

/** The story's status change (`StoryStarted` ...), or with `StoryDeleted` its deletion (its prompt went). */
export function storyEvent(story: StoryFacts, actorId: string | null, type: StoryEventType = EVENT_FOR_STATUS[story.status]): NewDomainEvent {
  const deleted = type === 'StoryDeleted';
  return {
    type,
    aggregateType: STORY_AGGREGATE,
    aggregateId: story.id,
    aggregateVersion: story.version,
    kind: KIND[type],
    actorId,
    ownerId: story.ownerId,
    audience: [audience.user(story.ownerId)],
    payload: deleted ? { id: story.id, promptId: story.promptId } : storySnapshot(story),
  };
}

export function recordStoryEvent(tx: EntityManager, story: Story, actorId: string | null) {
  return recordEvent(tx, storyEvent(story, actorId));
}
