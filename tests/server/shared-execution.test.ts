import 'reflect-metadata';
import { describe, expect } from 'vitest';
import { collect, registerUser, untilLive } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

// Fan-out executes a subscription's selection once per group of subscribers and event
// (server/src/app/shared-execution.ts). These tests prove that what each viewer receives is still
// what they alone would receive: their own private events only, their own viewer-dependent fields.

const SHARED = `subscription { tweetEvents { type id tweet { id body likeCount author { id username } } } }`;
const PER_VIEWER = `subscription { tweetEvents { type id tweet { id body likedByMe author { id username email } } } }`;
const TASK_EVENTS = `subscription { taskEvents { type id task { id title } } }`;
const USER_EVENTS = `subscription { userEvents { type id user { id email bio } } }`;
const POST = `mutation ($input: PostTweetInput!) { postTweet(input: $input) { id } }`;
const LIKE = `mutation ($id: ID!) { likeTweet(id: $id) { id } }`;
const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id version } }`;

let statements: string[] = [];

type Stream = ReturnType<typeof collect>;
const payloads = (stream: Stream, field: string): any[] => stream.received.map((result) => (result.data as any)?.[field]);

const it = chorusTest({ start: { onQuery: (sql) => statements.push(sql) } })
  .extend('carol', { scope: 'file' }, ({ server }) => registerUser(server));

describe('shared execution of subscriptions', () => {
  it('shares public selections, answers viewer-dependent fields per viewer, and keeps private events private', async ({ alice, bob, carol, server, call }) => {
    // Several sockets per viewer, so that both kinds of group have more than one member.
    const shared = [alice, bob, carol, bob].map((user) => collect(server.ws(user.accessToken), SHARED));
    const perViewer = [alice, bob, carol, bob].map((user) => collect(server.ws(user.accessToken), PER_VIEWER));
    const tasks = [alice, bob, alice].map((user) => collect(server.ws(user.accessToken), TASK_EVENTS));
    const users = [alice, bob].map((user) => collect(server.ws(user.accessToken), USER_EVENTS));
    let warmUps = 0;
    for (const stream of [...shared, ...perViewer]) await untilLive(stream, () => call(carol, POST, { input: { body: `warm-up ${++warmUps}` } }));
    for (const [i, stream] of tasks.entries()) {
      const owner = i === 1 ? bob : alice;
      await untilLive(stream, () => call(owner, CREATE_TASK, { input: { title: `warm-up task ${++warmUps}` } }));
    }
    for (const [i, stream] of users.entries()) {
      const owner = i === 1 ? bob : alice;
      await untilLive(stream, () => call(owner, UPDATE_PROFILE, { input: { bio: `warm-up ${++warmUps}` } }));
    }
    const before = [...shared, ...perViewer, ...tasks, ...users].map((stream) => stream.received.length);

    // Alice posts; Bob likes it; Alice writes a private task and changes her profile.
    statements = [];
    const tweet = await call(alice, POST, { input: { body: 'shared to everyone' } });
    await Promise.all([...shared, ...perViewer].map((stream, i) => stream.waitFor(() => stream.received.length > before[i]!)));
    const userQueriesForPost = statements.filter((sql) => /from "users"/.test(sql)).length;
    await call(bob, LIKE, { id: tweet.id });
    const task = await call(alice, CREATE_TASK, { input: { title: 'alice only' } });
    await call(alice, UPDATE_PROFILE, { input: { bio: 'alice private change' } });

    const liked = (stream: Stream) => payloads(stream, 'tweetEvents').some((event) => event.type === 'TweetLiked' && event.id === tweet.id);
    await Promise.all([...shared, ...perViewer].map((stream) => stream.waitFor(() => liked(stream))));
    await Promise.all([tasks[0]!, tasks[2]!].map((stream) => stream.waitFor(() => payloads(stream, 'taskEvents').some((event) => event.id === task.id))));
    await users[0]!.waitFor(() => payloads(users[0]!, 'userEvents').some((event) => event.user?.bio === 'alice private change'));

    // Public selection: the same payload for every viewer.
    const sharedSeen = shared.map((stream) => payloads(stream, 'tweetEvents').filter((event) => event.id === tweet.id));
    for (const seen of sharedSeen) {
      expect(seen.map((event) => event.type)).toEqual(['TweetPosted', 'TweetLiked']);
      expect(seen).toEqual(sharedSeen[0]);
    }
    expect(sharedSeen[0]![1].tweet).toMatchObject({ likeCount: 1, author: { id: alice.id, username: alice.username } });

    // Viewer-dependent selection: email only for the author herself, likedByMe only for Bob.
    const viewers = [alice, bob, carol, bob];
    for (const [i, stream] of perViewer.entries()) {
      const seen = payloads(stream, 'tweetEvents').filter((event) => event.id === tweet.id);
      const viewer = viewers[i]!;
      expect(seen.map((event) => event.type)).toEqual(['TweetPosted', 'TweetLiked']);
      expect(seen[0].tweet.author.email).toBe(viewer === alice ? alice.email : null);
      expect(seen[1].tweet.likedByMe).toBe(viewer === bob);
    }

    // Private streams: Alice's task and profile reach Alice's sockets only.
    const sawTask = tasks.map((stream) => payloads(stream, 'taskEvents').some((event) => event.id === task.id));
    expect(sawTask).toEqual([true, false, true]);
    expect(payloads(tasks[1]!, 'taskEvents').every((event) => event.task?.title !== 'alice only')).toBe(true);
    expect(payloads(users[1]!, 'userEvents').some((event) => event.id === alice.id)).toBe(false);
    expect(payloads(users[0]!, 'userEvents').filter((event) => event.id === alice.id).at(-1).user.email).toBe(alice.email);

    // The public selection's author was loaded once for its four subscribers, not four times; the
    // per-viewer selection once per viewer (three) — at most 1 + 3 user look-ups for the post.
    expect(userQueriesForPost).toBeLessThanOrEqual(4);

    for (const stream of [...shared, ...perViewer, ...tasks, ...users]) {
      expect(stream.error).toBeUndefined();
      expect(stream.received.every((result) => result.errors === undefined)).toBe(true);
    }
  });

  it('answers a result with errors to each member of a group on its own, masked, in order, and the group goes on', async ({ server, bob, alice, call }) => {
    // A cursor that is not one fails in the resolver, for every event: the group's shared result has
    // errors, so each member executes for itself and its result goes out through graphql-ws.
    const FAILING = `subscription FailingCursor { tweetEvents { type id cursor tweet { id author { tweets(after: "not-a-cursor") { totalCount } } } } }`;
    const members = [bob, bob].map((user) => collect(server.ws(user.accessToken), FAILING));
    let n = 0;
    for (const stream of members) await untilLive(stream, () => call(alice, POST, { input: { body: `failing warm-up ${++n}` } }));
    const first = await call(alice, POST, { input: { body: 'fails for every member 1' } });
    const second = await call(alice, POST, { input: { body: 'fails for every member 2' } });
    await Promise.all(members.map((stream) => stream.waitFor(() => payloads(stream, 'tweetEvents').some((event) => event?.id === second.id))));

    for (const stream of members) {
      // From the first of the two on (a warm-up may still arrive before it, never after).
      const results = stream.received.slice(stream.received.findIndex((result) => (result.data as any)?.tweetEvents?.id === first.id));
      expect(results.map((result) => (result.data as any).tweetEvents.id)).toEqual([first.id, second.id]);
      for (const result of results) {
        expect((result.data as any).tweetEvents).toMatchObject({ type: 'TweetPosted', tweet: null });
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(JSON.stringify(result.errors)).not.toMatch(/stack|at .*\.ts/);
      }
      const cursors = results.map((result) => (result.data as any).tweetEvents.cursor as string);
      expect([...cursors].sort()).toEqual(cursors);
      expect(stream.error).toBeUndefined();
    }

    // A member whose results had errors still gets the next event, the same way.
    const third = await call(alice, POST, { input: { body: 'fails for every member 3' } });
    await Promise.all(members.map((stream) => stream.waitFor(() => payloads(stream, 'tweetEvents').some((event) => event?.id === third.id))));

    // The errors went through graphql-ws (its onNext hook masks them and records their codes): each
    // operation ends with the first error's code as its outcome, not "ok".
    for (const stream of members) stream.unsubscribe();
    const outcome = /^chorus_graphql_operations_total\{operation="FailingCursor",type="subscription",transport="ws",outcome="BAD_USER_INPUT"\} 2$/m;
    let metrics = '';
    for (let i = 0; i < 50 && !outcome.test(metrics); i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 100));
      metrics = await (await fetch(`http://127.0.0.1:${server.chorus.port}/metrics`)).text();
    }
    expect(metrics).toMatch(outcome);
  });

  it('stops delivering to a subscriber that ends, while its group goes on', async ({ server, bob, carol, call, alice }) => {
    const first = collect(server.ws(bob.accessToken), SHARED);
    const second = collect(server.ws(carol.accessToken), SHARED);
    let n = 0;
    await untilLive(first, () => call(alice, POST, { input: { body: `live ${++n}` } }));
    await untilLive(second, () => call(alice, POST, { input: { body: `live ${++n}` } }));
    first.unsubscribe();
    const before = first.received.length;
    await call(alice, POST, { input: { body: 'after first left' } });
    await second.waitFor(() => payloads(second, 'tweetEvents').some((event) => event.tweet?.body === 'after first left'));
    expect(first.received.length).toBe(before);
  });
});
