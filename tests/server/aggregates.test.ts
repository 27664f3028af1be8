import { describe, expect, it } from 'vitest';
import { sessionAggregate } from '../../server/src/auth/session-events.js';
import { AGGREGATE_NAMES } from '../../server/src/modules/index.js';
import { StoryStatus } from '../../server/src/modules/stories/story.entity.js';
import { EVENT_FOR_STATUS, storyAggregate } from '../../server/src/modules/stories/story.events.js';
import { taskAggregate } from '../../server/src/modules/tasks/task.events.js';
import { tweetAggregate } from '../../server/src/modules/tweets/tweet.events.js';

const at = new Date('2026-01-02T03:04:05.000Z');
const task = {
  id: 't1',
  ownerId: 'u1',
  title: 'Title',
  notes: 'Notes',
  done: false,
  dueAt: null,
  position: 1024,
  createdAt: at,
  updatedAt: at,
  version: 3,
};

describe('defineAggregate', () => {
  it('builds the event the writer stores: kind from the type, the snapshot, or on DELETED its own payload', () => {
    expect(taskAggregate.event('TaskCompleted', task, 'u1')).toEqual({
      type: 'TaskCompleted',
      aggregateType: 'Task',
      aggregateId: 't1',
      aggregateVersion: 3,
      kind: 'UPDATED',
      actorId: 'u1',
      ownerId: 'u1',
      audience: ['user:u1'],
      payload: {
        id: 't1',
        ownerId: 'u1',
        title: 'Title',
        notes: 'Notes',
        done: false,
        dueAt: null,
        position: 1024,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        version: 3,
      },
    });
    expect(taskAggregate.event('TaskDeleted', task, null)).toMatchObject({ kind: 'DELETED', aggregateVersion: 3, payload: { id: 't1', ownerId: 'u1' } });
    const tweet = { id: 'w1', authorId: 'u2', body: 'hi', createdAt: at, version: 1, likeCount: 0 };
    expect(tweetAggregate.event('TweetDeleted', tweet, 'u2')).toMatchObject({ ownerId: 'u2', audience: ['public'], payload: { id: 'w1', authorId: 'u2' } });
  });

  it('records a revoked sign-in as before: version 0, the family as its id, owner and admins in the audience', () => {
    expect(sessionAggregate.event('SessionRevoked', { id: 'f1', userId: 'u1' }, null)).toEqual({
      type: 'SessionRevoked',
      aggregateType: 'Session',
      aggregateId: 'f1',
      aggregateVersion: 0,
      kind: 'DELETED',
      actorId: null,
      ownerId: 'u1',
      audience: ['user:u1', 'role:ADMIN'],
      payload: { sessionId: 'f1', userId: 'u1' },
    });
  });

  it('gives each story status its event', () => {
    const story = {
      id: 's1',
      promptId: 'p1',
      ownerId: 'u1',
      status: StoryStatus.DONE,
      wordCount: 10,
      maxWords: 100,
      provider: 'builtin',
      error: null,
      createdAt: at,
      finishedAt: at,
      version: 2,
    };
    expect(storyAggregate.event(EVENT_FOR_STATUS[story.status], story, null)).toMatchObject({ type: 'StoryFinished', kind: 'UPDATED' });
    expect(storyAggregate.event('StoryDeleted', story, null).payload).toEqual({ id: 's1', promptId: 'p1' });
  });

  it('knows the aggregates the module descriptors list', () => {
    expect([...AGGREGATE_NAMES].sort()).toEqual(['Prompt', 'Session', 'Story', 'Task', 'Tweet', 'User']);
  });
});
