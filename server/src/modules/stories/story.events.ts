import { defineAggregate, type EventTypeOf } from '../../events/aggregate.js';
import { audience } from '../../events/event-writer.js';
import { type Story, StoryStatus } from './story.entity.js';

/** What a story event reads: the entity, or a row read back from a statement that changed many. */
export type StoryFacts = Pick<
  Story,
  'id' | 'promptId' | 'ownerId' | 'status' | 'wordCount' | 'maxWords' | 'provider' | 'error' | 'createdAt' | 'finishedAt' | 'version'
>;

/** A story's status changes (`StoryStarted` ...), and with `StoryDeleted` its deletion (its prompt went). */
export const storyAggregate = defineAggregate({
  name: 'Story',
  events: { StoryStarted: 'CREATED', StoryFinished: 'UPDATED', StoryFailed: 'UPDATED', StoryCancelled: 'UPDATED', StoryDeleted: 'DELETED' },
  audience: (story: StoryFacts) => [audience.user(story.ownerId)],
  ownerId: (story) => story.ownerId,
  /**
   * The status change, not the prose: the text lives in the story row and streams through
   * `storyStream`; copying it into every event would store each story twice.
   */
  snapshot: (story) => ({
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
  }),
  deletedPayload: (story) => ({ id: story.id, promptId: story.promptId }),
});

/** The event that records a story reaching `status`. */
export const EVENT_FOR_STATUS: Record<StoryStatus, EventTypeOf<typeof storyAggregate>> = {
  [StoryStatus.GENERATING]: 'StoryStarted',
  [StoryStatus.DONE]: 'StoryFinished',
  [StoryStatus.FAILED]: 'StoryFailed',
  [StoryStatus.CANCELLED]: 'StoryCancelled',
};
