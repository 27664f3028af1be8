import { describe, expect, it, vi } from 'vitest';
import { TasksQuery } from '../../client/src/features/tasks/api/get-tasks';
import { applyTaskEvent } from '../../client/src/features/tasks/api/task-events';
import { placeTask } from '../../client/src/features/tasks/api/task-list-cache';
import { TweetsQuery } from '../../client/src/features/tweets/api/get-tweets';
import { applyTweetEvent } from '../../client/src/features/tweets/api/tweet-events';
import { placeTweet } from '../../client/src/features/tweets/api/tweet-list-cache';
import type { TaskEventsSubscription, TaskFieldsFragment, TaskFilter, TweetEventsSubscription, TweetFieldsFragment } from '../../client/src/gql/graphql';
import { createCache } from '../../client/src/lib/apollo-client';

function task(id: string, fields: Partial<TaskFieldsFragment> = {}): TaskFieldsFragment {
  return {
    __typename: 'Task',
    id,
    title: `Task ${id}`,
    notes: '',
    done: false,
    dueAt: null,
    position: Number(id),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...fields,
  };
}

type TaskListVariables = { first: number; filter: TaskFilter };
const ALL: TaskListVariables = { first: 50, filter: { done: null, search: null } };
const OPEN: TaskListVariables = { first: 50, filter: { done: false, search: null } };
const DONE: TaskListVariables = { first: 50, filter: { done: true, search: null } };

function seedTasks(cache: ReturnType<typeof createCache>, variables: TaskListVariables, tasks: TaskFieldsFragment[]) {
  cache.writeQuery({
    query: TasksQuery,
    variables,
    data: {
      tasks: {
        __typename: 'TaskConnection',
        totalCount: tasks.length,
        streamCursor: 'sc',
        edges: tasks.map((node) => ({ __typename: 'TaskEdge' as const, cursor: `c${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: tasks.length ? `c${tasks.at(-1)!.id}` : null },
      },
    },
  });
}

function listed(cache: ReturnType<typeof createCache>, variables: TaskListVariables) {
  const data = cache.readQuery({ query: TasksQuery, variables });
  return { titles: data?.tasks.edges.map((edge) => edge.node.title), total: data?.tasks.totalCount };
}

function taskEvent(kind: 'CREATED' | 'UPDATED' | 'DELETED', value: TaskFieldsFragment, cursor = 'e1'): TaskEventsSubscription['taskEvents'] {
  return { __typename: 'TaskEvent', cursor, kind, id: value.id, version: value.version, task: kind === 'DELETED' ? null : value };
}

describe('task lists in the Apollo cache', () => {
  it('lists a new task once, in position order, only where its filter matches', () => {
    const cache = createCache();
    seedTasks(cache, ALL, [task('10'), task('30')]);
    seedTasks(cache, OPEN, [task('10'), task('30')]);
    seedTasks(cache, DONE, []);
    const created = task('20');
    applyTaskEvent(cache, taskEvent('CREATED', created));
    // The mutation result of the same creation: already listed, nothing changes.
    placeTask(cache, created);
    expect(listed(cache, ALL)).toEqual({ titles: ['Task 10', 'Task 20', 'Task 30'], total: 3 });
    expect(listed(cache, OPEN)).toEqual({ titles: ['Task 10', 'Task 20', 'Task 30'], total: 3 });
    expect(listed(cache, DONE)).toEqual({ titles: [], total: 0 });
  });

  it('moves a completed task from the open list to the done list, and reorders on a move', () => {
    const cache = createCache();
    seedTasks(cache, ALL, [task('10'), task('20'), task('30')]);
    seedTasks(cache, OPEN, [task('10'), task('20'), task('30')]);
    seedTasks(cache, DONE, []);
    applyTaskEvent(cache, taskEvent('UPDATED', task('20', { done: true, version: 2 })));
    expect(listed(cache, OPEN)).toEqual({ titles: ['Task 10', 'Task 30'], total: 2 });
    expect(listed(cache, DONE)).toEqual({ titles: ['Task 20'], total: 1 });
    applyTaskEvent(cache, taskEvent('UPDATED', task('30', { position: 5, version: 2 })));
    expect(listed(cache, ALL).titles).toEqual(['Task 30', 'Task 10', 'Task 20']);
  });

  it('ignores an event whose version is not newer than the cached one', () => {
    const cache = createCache();
    seedTasks(cache, ALL, [task('10', { title: 'fresh', version: 3 })]);
    applyTaskEvent(cache, taskEvent('UPDATED', task('10', { title: 'stale', version: 2 })));
    applyTaskEvent(cache, taskEvent('UPDATED', task('10', { title: 'same version', version: 3 })));
    expect(listed(cache, ALL).titles).toEqual(['fresh']);
    applyTaskEvent(cache, taskEvent('UPDATED', task('10', { title: 'newer', version: 4 })));
    expect(listed(cache, ALL).titles).toEqual(['newer']);
  });

  it('drops a deleted task from every list', () => {
    const cache = createCache();
    seedTasks(cache, ALL, [task('10'), task('20')]);
    seedTasks(cache, OPEN, [task('10'), task('20')]);
    applyTaskEvent(cache, taskEvent('DELETED', task('10', { version: 2 })));
    expect(listed(cache, ALL)).toEqual({ titles: ['Task 20'], total: 1 });
    expect(listed(cache, OPEN)).toEqual({ titles: ['Task 20'], total: 1 });
  });

  it('searches like the server: title or notes, any case', () => {
    const cache = createCache();
    const search: TaskListVariables = { first: 50, filter: { done: null, search: 'MILK' } };
    seedTasks(cache, search, []);
    applyTaskEvent(cache, taskEvent('CREATED', task('1', { title: 'Buy milk' })));
    applyTaskEvent(cache, taskEvent('CREATED', task('2', { title: 'Bread', notes: 'oat milk too' })));
    applyTaskEvent(cache, taskEvent('CREATED', task('3', { title: 'Call mom' })));
    expect(listed(cache, search).titles).toEqual(['Buy milk', 'Bread']);
  });
});

function tweet(id: string, authorId: string, fields: Partial<TweetFieldsFragment> = {}): TweetFieldsFragment {
  return {
    __typename: 'Tweet',
    id,
    body: `Tweet ${id}`,
    createdAt: `2026-01-01T00:00:${id.padStart(2, '0')}.000Z`,
    version: 1,
    likeCount: 0,
    likedByMe: false,
    author: { __typename: 'User', id: authorId, username: authorId, name: authorId, avatarUrl: null, version: 1 },
    ...fields,
  };
}

const FEED = { first: 20, authorId: null, search: null };

function seedFeed(cache: ReturnType<typeof createCache>, tweets: TweetFieldsFragment[]) {
  cache.writeQuery({
    query: TweetsQuery,
    variables: FEED,
    data: {
      tweets: {
        __typename: 'TweetConnection',
        streamCursor: 'sc',
        edges: tweets.map((node) => ({ __typename: 'TweetEdge' as const, cursor: `c${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  });
}

const feed = (cache: ReturnType<typeof createCache>) => cache.readQuery({ query: TweetsQuery, variables: FEED })?.tweets.edges.map((edge) => edge.node);

function tweetEvent(kind: 'CREATED' | 'UPDATED' | 'DELETED', value: TweetFieldsFragment, actorId: string): TweetEventsSubscription['tweetEvents'] {
  const { likedByMe: _viewerSpecific, ...publicFields } = value;
  const type = kind === 'CREATED' ? 'TweetPosted' : kind === 'DELETED' ? 'TweetDeleted' : 'TweetLiked';
  return { __typename: 'TweetEvent', cursor: 'e', kind, type, id: value.id, version: value.version, actorId, tweet: kind === 'DELETED' ? null : publicFields };
}

describe('the tweet feed in the Apollo cache', () => {
  it('shows my own tweet once, whether the mutation result or its event comes first', () => {
    const handlers = { onArrived: vi.fn(), onChangedElsewhere: vi.fn() };
    const cache = createCache();
    seedFeed(cache, [tweet('1', 'bob')]);
    const mine = tweet('2', 'me');
    placeTweet(cache, mine);
    applyTweetEvent(cache, tweetEvent('CREATED', mine, 'me'), 'me', handlers);
    expect(feed(cache)?.map((item) => item.id)).toEqual(['2', '1']);

    const other = createCache();
    seedFeed(other, [tweet('1', 'bob')]);
    applyTweetEvent(other, tweetEvent('CREATED', mine, 'me'), 'me', handlers);
    placeTweet(other, mine);
    expect(feed(other)?.map((item) => item.id)).toEqual(['2', '1']);
    expect(handlers.onArrived).not.toHaveBeenCalled();
  });

  it("offers others' new tweets instead of pushing the list down", () => {
    const handlers = { onArrived: vi.fn(), onChangedElsewhere: vi.fn() };
    const cache = createCache();
    seedFeed(cache, [tweet('1', 'bob')]);
    applyTweetEvent(cache, tweetEvent('CREATED', tweet('3', 'bob'), 'bob'), 'me', handlers);
    expect(handlers.onArrived).toHaveBeenCalledWith(expect.objectContaining({ id: '3' }));
    expect(feed(cache)?.map((item) => item.id)).toEqual(['1']);
  });

  it('updates like counts from newer events only, and removes deleted tweets', () => {
    const handlers = { onArrived: vi.fn(), onChangedElsewhere: vi.fn() };
    const cache = createCache();
    seedFeed(cache, [tweet('1', 'bob', { version: 2, likeCount: 1 })]);
    applyTweetEvent(cache, tweetEvent('UPDATED', tweet('1', 'bob', { version: 3, likeCount: 2 }), 'ann'), 'me', handlers);
    applyTweetEvent(cache, tweetEvent('UPDATED', tweet('1', 'bob', { version: 2, likeCount: 7 }), 'ann'), 'me', handlers);
    expect(feed(cache)?.[0]?.likeCount).toBe(2);
    applyTweetEvent(cache, tweetEvent('DELETED', tweet('1', 'bob', { version: 4 }), 'bob'), 'me', handlers);
    expect(feed(cache)).toEqual([]);
  });

  it("takes likedByMe from the viewer's own like events only (events carry no per-viewer fields)", () => {
    const handlers = { onArrived: vi.fn(), onChangedElsewhere: vi.fn() };
    const cache = createCache();
    seedFeed(cache, [tweet('1', 'bob', { version: 1 })]);
    applyTweetEvent(cache, tweetEvent('UPDATED', tweet('1', 'bob', { version: 2, likeCount: 1 }), 'ann'), 'me', handlers);
    expect(feed(cache)?.[0]).toMatchObject({ likeCount: 1, likedByMe: false });
    applyTweetEvent(cache, tweetEvent('UPDATED', tweet('1', 'bob', { version: 3, likeCount: 2 }), 'me'), 'me', handlers);
    expect(feed(cache)?.[0]).toMatchObject({ likeCount: 2, likedByMe: true });
  });
});
