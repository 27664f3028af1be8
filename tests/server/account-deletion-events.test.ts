import 'reflect-metadata';
import { describe, expect } from 'vitest';
import {
  CreatePromptDocument,
  CreateTaskDocument,
  DeleteAccountDocument,
  DeletePromptDocument,
  DeleteUserDocument,
  EventsDocument,
  GenerateStoryDocument,
  LikeTweetDocument,
  PostTweetDocument,
  TweetDocument,
  UpdateTaskDocument,
} from '../../sdk/src/generated/graphql.js';
import { storyRunner } from '../../server/src/modules/stories/runtime/story-runner.js';
import {
  collect,
  registerUser,
  sleep,
  startTestServer,
  type TestServer,
  type TestUser,
  untilLive,
} from '../helpers/chorus.js';
import { eventLogBreaks } from '../helpers/event-invariants.js';
import { chorusTest } from '../helpers/fixtures.js';

const TWEET_EVENTS = `subscription { tweetEvents { cursor kind type id version actorId tweet { id likeCount version } } }`;
const DELETE_ACCOUNT = `mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) }`;
const LIKE = `mutation ($id: ID!) { likeTweet(id: $id) { id version likeCount } }`;
const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id version } }`;
const GENERATE = `mutation ($input: GenerateStoryInput!) { generateStory(input: $input) { id status version } }`;

// Slow enough that a 2000-word story is still being written seconds later.
const ENV = { STORY_WORD_DELAY_MS: '5' };

const statements: string[] = [];

interface LoggedEvent {
  cursor: string;
  id: string;
  type: string;
  kind: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  actorId: string | null;
  payload: Record<string, any>;
}

/** What `leaverWithEverything` made. */
interface Leaver {
  leaver: TestUser;
  alicesTweet: { id: string };
  storyPromptId: string;
  /** The version each was at before the deletion, by aggregate type and id. */
  owned: Record<string, Record<string, number>>;
}

const it = chorusTest({ env: ENV, start: { onQuery: (sql) => statements.push(sql) } })
  /** The audit history after `after` (all of it without), as an admin reads it. */
  .extend('eventsAfter', { scope: 'file' }, ({ call, admin }) => async function eventsAfter(after: string | null): Promise<{ events: LoggedEvent[]; end: string | null }> {
    const events: LoggedEvent[] = [];
    let cursor = after;
    for (;;) {
      const page = await call(admin, EventsDocument, { first: 100, after: cursor });
      events.push(...page.edges.map((edge: any) => ({ cursor: edge.cursor, ...edge.node })));
      cursor = page.pageInfo.endCursor ?? cursor;
      if (!page.pageInfo.hasNextPage) return { events, end: cursor };
    }
  })
  /** What the history says happened after `mark`, once the deletion of `userId` is in it. */
  .extend('deletionEvents', { scope: 'file' }, ({ eventsAfter }) => async function deletionEvents(mark: string | null, userId: string): Promise<LoggedEvent[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { events } = await eventsAfter(mark);
      if (events.some((event) => event.type === 'UserDeleted' && event.aggregateId === userId)) return events;
      if (Date.now() > deadline) throw new Error(`no UserDeleted for ${userId}; saw ${JSON.stringify(events).slice(0, 1000)}`);
      await sleep(50);
    }
  })
  /** Waits until the story runner has stored a finished story. */
  .extend('untilFinished', { scope: 'file' }, ({ server }) => async function untilFinished(storyId: string) {
    const deadline = Date.now() + 15_000;
    while ((await server.sql(`select 1 from story where id = $1 and status <> 'GENERATING'`, [storyId])).length === 0) {
      if (Date.now() > deadline) throw new Error(`story ${storyId} never finished`);
      await sleep(25);
    }
  })
  /**
   * A user with something of everything: two tasks (one edited), two tweets (one liked by alice and
   * by themself), two prompts (one with a finished story), and a like on a tweet of alice's.
   */
  .extend('leaverWithEverything', { scope: 'file' }, ({ server, call, alice, untilFinished }) => async function leaverWithEverything(): Promise<Leaver> {
    const leaver = await registerUser(server);
    const alicesTweet = await call(alice, PostTweetDocument, { input: { body: `liked by ${leaver.username}` } });
    const liked = await call(leaver, LikeTweetDocument, { id: alicesTweet.id });
    expect(liked).toMatchObject({ likeCount: 1, version: 2 });
    const task1 = await call(leaver, CreateTaskDocument, { input: { title: 'one' } });
    const task2 = await call(leaver, CreateTaskDocument, { input: { title: 'two' } });
    await call(leaver, UpdateTaskDocument, { id: task2.id, input: { done: true } });
    const tweet1 = await call(leaver, PostTweetDocument, { input: { body: 'first words' } });
    const tweet2 = await call(leaver, PostTweetDocument, { input: { body: 'last words' } });
    await call(alice, LikeTweetDocument, { id: tweet2.id });
    await call(leaver, LikeTweetDocument, { id: tweet2.id });
    const prompt1 = await call(leaver, CreatePromptDocument, { input: { title: 'A whale', content: 'A whale is stranded.' } });
    const prompt2 = await call(leaver, CreatePromptDocument, { input: { title: 'A storm', content: 'A storm is coming.' } });
    const story = await call(leaver, GenerateStoryDocument, { input: { promptId: prompt1.id, maxWords: 50 } });
    await untilFinished(story.id);
    return {
      leaver,
      alicesTweet,
      storyPromptId: prompt1.id,
      owned: {
        Task: { [task1.id]: 1, [task2.id]: 2 },
        Tweet: { [tweet1.id]: 1, [tweet2.id]: 3 },
        Prompt: { [prompt1.id]: 1, [prompt2.id]: 1 },
        Story: { [story.id]: 2 },
      },
    };
  })
  /** The deletion's events: each owned object deleted, alice's tweet unliked, the user deleted last, all in one transaction. */
  .extend('expectDeletionRecorded', { scope: 'file' }, ({ server, call, alice }) => async function expectDeletionRecorded(fixture: Leaver, events: LoggedEvent[], actorId: string) {
    const { leaver, alicesTweet, owned } = fixture;
    expect(events.at(-1)).toMatchObject({ type: 'UserDeleted', kind: 'DELETED', aggregateId: leaver.id, actorId });
    const deletion = await sameTransaction(server, events, events.at(-1)!);
    expect(deletion.every((event) => event.actorId === actorId)).toBe(true);

    const deleted = deletion.filter((event) => event.kind === 'DELETED' && event.aggregateType !== 'User');
    const expectedDeleted = Object.entries(owned).flatMap(([type, versions]) =>
      Object.entries(versions).map(([id, version]) => [type, `${type}Deleted`, id, version + 1]),
    );
    const byTypeAndId = (a: unknown[], b: unknown[]) => `${a[0]}${a[2]}`.localeCompare(`${b[0]}${b[2]}`);
    expect(deleted.map((event) => [event.aggregateType, event.type, event.aggregateId, event.aggregateVersion]).sort(byTypeAndId)).toEqual(
      expectedDeleted.sort(byTypeAndId),
    );
    // The same payloads as the one-at-a-time paths: a deleted prompt's as it was created (it was never edited).
    for (const promptId of Object.keys(owned.Prompt!)) {
      const [created] = await server.sql(`select payload from domain_event where aggregate_id = $1 and type = 'PromptCreated'`, [promptId]);
      expect(deleted.find((event) => event.aggregateId === promptId)!.payload).toEqual(created.payload);
    }
    const deletedPayload: Record<string, (id: string) => object> = {
      Task: (id) => ({ id, ownerId: leaver.id }),
      Tweet: (id) => ({ id, authorId: leaver.id }),
      Story: (id) => ({ id, promptId: fixture.storyPromptId }),
    };
    for (const event of deleted.filter((event) => event.aggregateType !== 'Prompt')) {
      expect(event.payload).toEqual(deletedPayload[event.aggregateType]!(event.aggregateId));
    }

    // Children before their parents, everything before the user.
    const position = (id: string) => deletion.findIndex((event) => event.aggregateId === id);
    for (const storyId of Object.keys(owned.Story!)) {
      for (const promptId of Object.keys(owned.Prompt!)) expect(position(storyId)).toBeLessThan(position(promptId));
    }

    // Alice's tweet lost a like: its event carries the count and version the row now has.
    const [row] = await server.sql(`select version, like_count from tweet where id = $1`, [alicesTweet.id]);
    expect(row).toEqual({ version: 3, like_count: 0 });
    const unliked = deletion.filter((event) => event.aggregateId === alicesTweet.id);
    expect(unliked).toHaveLength(1);
    expect(unliked[0]).toMatchObject({ type: 'TweetUnliked', kind: 'UPDATED', aggregateVersion: 3, payload: { likeCount: 0, version: 3 } });
    const [liked] = await server.sql(`select payload from domain_event where aggregate_id = $1 and type = 'TweetLiked'`, [alicesTweet.id]);
    expect(unliked[0]!.payload).toEqual({ ...liked.payload, likeCount: 0, version: 3 });
    expect(await call(alice, TweetDocument, { id: alicesTweet.id })).toMatchObject({ version: 3, likeCount: 0 });

    // The leaver's own tweet they liked is deleted, not unliked first; nothing else changed.
    expect(deletion).toHaveLength(expectedDeleted.length + 2);
    expect(await eventLogBreaks(server)).toEqual([]);
  })
  /** Deletes an account through `server` while `writer` is writing one of its stories; the writer must stop and store nothing. */
  .extend('deleteWhileWriting', { scope: 'file' }, ({ server, call }) => async function deleteWhileWriting(writer: TestServer) {
    const leaver = await registerUser(server);
    const prompt = await call(leaver, CreatePromptDocument, { input: { title: 'A long one', content: 'It goes on and on.' } });
    const generated = await writer.graphql(GENERATE, { input: { promptId: prompt.id, maxWords: 2000 } }, leaver.accessToken);
    const story = generated.data!.generateStory;
    const live = storyRunner(writer.chorus.app).live(story.id);
    expect(live).toBeDefined();
    const deadline = Date.now() + 10_000;
    while ((await server.sql(`select 1 from story where id = $1 and word_count > 0`, [story.id])).length === 0) {
      if (Date.now() > deadline) throw new Error('the story never started');
      await sleep(25);
    }

    expect(await call(leaver, DeleteAccountDocument, { input: { password: leaver.password } })).toBe(true);
    await live!.done;
    expect(live!.deleted).toBe(true);
    expect(storyRunner(writer.chorus.app).live(story.id)).toBeUndefined();
    // Past the runner's next save: nothing of the story comes back.
    await sleep(700);
    expect(await server.sql(`select id from story where id = $1`, [story.id])).toEqual([]);
    const events = await server.sql(`select type, aggregate_version from domain_event where aggregate_id = $1 order by xact_id, id`, [story.id]);
    expect(events).toEqual([
      { type: 'StoryStarted', aggregate_version: 1 },
      { type: 'StoryCancelled', aggregate_version: 2 },
      { type: 'StoryDeleted', aggregate_version: 3 },
    ]);
    expect(await eventLogBreaks(server)).toEqual([]);
  });

/** The events that `last`'s transaction wrote: cursors are opaque, so the log's rows say which. */
async function sameTransaction(server: TestServer, events: LoggedEvent[], last: LoggedEvent): Promise<LoggedEvent[]> {
  const rows = await server.sql(`select id::text as id from domain_event where xact_id = (select xact_id from domain_event where id = $1)`, [last.id]);
  const ids = new Set(rows.map((row: { id: string }) => row.id));
  return events.filter((event) => ids.has(event.id));
}

describe('deleting an account records the deletion of everything it takes with it', () => {
  it('deleteAccount: each task, tweet, prompt and story deleted, each liked tweet updated, then the user', async ({ leaverWithEverything, eventsAfter, call, expectDeletionRecorded, deletionEvents }) => {
    const fixture = await leaverWithEverything();
    const { end: mark } = await eventsAfter(null);
    expect(await call(fixture.leaver, DeleteAccountDocument, { input: { password: fixture.leaver.password } })).toBe(true);
    await expectDeletionRecorded(fixture, await deletionEvents(mark, fixture.leaver.id), fixture.leaver.id);
  });

  it('deleteUser by an admin: the same events, the admin as their actor', async ({ leaverWithEverything, eventsAfter, call, admin, expectDeletionRecorded, deletionEvents }) => {
    const fixture = await leaverWithEverything();
    const { end: mark } = await eventsAfter(null);
    expect(await call(admin, DeleteUserDocument, { id: fixture.leaver.id })).toBe(true);
    await expectDeletionRecorded(fixture, await deletionEvents(mark, fixture.leaver.id), admin.id);
  });

  it("a live tweetEvents subscriber sees the leaver's tweets go and the liked tweet's new count", async ({ leaverWithEverything, server, call, alice }) => {
    const fixture = await leaverWithEverything();
    const carol = await registerUser(server);
    const stream = collect(server.ws(carol.accessToken), TWEET_EVENTS);
    await untilLive(stream, (attempt) => call(alice, PostTweetDocument, { input: { body: `warm-up ${attempt}` } }));
    expect(await call(fixture.leaver, DeleteAccountDocument, { input: { password: fixture.leaver.password } })).toBe(true);

    const leaversTweets = Object.keys(fixture.owned.Tweet!);
    const seen = () => stream.received.map((result) => (result.data as any).tweetEvents);
    const about = (id: string) => seen().filter((event) => event.id === id);
    await stream.waitFor(() => leaversTweets.every((id) => about(id).length > 0) && about(fixture.alicesTweet.id).length > 0);
    expect(stream.received.flatMap((result) => result.errors ?? [])).toEqual([]);
    for (const id of leaversTweets) {
      expect(about(id)).toEqual([
        expect.objectContaining({ type: 'TweetDeleted', kind: 'DELETED', version: fixture.owned.Tweet![id]! + 1, tweet: null }),
      ]);
    }
    expect(about(fixture.alicesTweet.id)).toEqual([
      expect.objectContaining({ type: 'TweetUnliked', kind: 'UPDATED', version: 3, tweet: { id: fixture.alicesTweet.id, likeCount: 0, version: 3 } }),
    ]);
  });

  it('a story being written is cancelled and deleted, and its writer stops without storing anything', async ({ deleteWhileWriting, server }) => {
    await deleteWhileWriting(server);
  });

  it('a story another process is writing stops there the same way', async ({ deleteWhileWriting, server }) => {
    const other = await startTestServer({ databaseUrl: server.databaseUrl, env: ENV });
    try {
      await deleteWhileWriting(other);
    } finally {
      await other.close();
    }
  });

  it('leaves no row without its event when the account keeps writing while it is deleted', async ({ server, call, alice }) => {
    for (let round = 0; round < 3; round++) {
      const leaver = await registerUser(server);
      const tweets = await Promise.all([1, 2, 3].map((i) => call(alice, PostTweetDocument, { input: { body: `round ${round}, ${i}` } })));
      const writes = Array.from({ length: 12 }, (_, i) =>
        i % 2 ? server.graphql(CREATE_TASK, { input: { title: `late ${i}` } }, leaver.accessToken) : server.graphql(LIKE, { id: tweets[i % 3]!.id }, leaver.accessToken),
      );
      await sleep(5 * round);
      const deleted = await server.graphql(DELETE_ACCOUNT, { input: { password: leaver.password } }, leaver.accessToken);
      expect(deleted.errors).toBeUndefined();
      // A write that lost the race to the deletion finds its account gone: UNAUTHENTICATED, never an internal error.
      for (const write of await Promise.all(writes)) {
        if (write.errors) expect(write.errors[0]!.extensions!.code).toBe('UNAUTHENTICATED');
      }
      expect(await eventLogBreaks(server)).toEqual([]);
    }
  });

  it('records one insert of events however much the account owns', async ({ server, call, alice }) => {
    const insertsWhileDeleting = async (tasks: number) => {
      const leaver = await registerUser(server);
      for (let i = 0; i < tasks; i++) await call(leaver, CreateTaskDocument, { input: { title: `task ${i}` } });
      const tweet = await call(alice, PostTweetDocument, { input: { body: `for ${leaver.username}` } });
      await call(leaver, LikeTweetDocument, { id: tweet.id });
      statements.length = 0;
      expect(await call(leaver, DeleteAccountDocument, { input: { password: leaver.password } })).toBe(true);
      expect(await server.sql(`select count(*)::int as n from domain_event where aggregate_type = 'Task' and owner_id = $1 and kind = 'DELETED'`, [leaver.id])).toEqual([{ n: tasks }]);
      return statements.filter((sql) => /insert into "?domain_event"?/i.test(sql)).length;
    };
    expect(await insertsWhileDeleting(30)).toBe(await insertsWhileDeleting(2));
    expect(await eventLogBreaks(server)).toEqual([]);
  });
});

describe('deletePrompt', () => {
  it("records the deletion of the prompt's stories too", async ({ server, call, untilFinished }) => {
    const author = await registerUser(server);
    const prompt = await call(author, CreatePromptDocument, { input: { title: 'Short', content: 'Brief.' } });
    const story = await call(author, GenerateStoryDocument, { input: { promptId: prompt.id, maxWords: 50 } });
    await untilFinished(story.id);
    expect(await call(author, DeletePromptDocument, { id: prompt.id })).toBe(true);
    const [last] = await server.sql(`select type, kind, aggregate_version, payload from domain_event where aggregate_id = $1 order by xact_id desc, id desc limit 1`, [story.id]);
    expect(last).toEqual({ type: 'StoryDeleted', kind: 'DELETED', aggregate_version: 3, payload: { id: story.id, promptId: prompt.id } });
    expect(await eventLogBreaks(server)).toEqual([]);
  });
});
