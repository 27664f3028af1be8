import 'reflect-metadata';
import { describe, expect } from 'vitest';
import { DeleteTweetDocument, LikeTweetDocument, PostTweetDocument, UnlikeTweetDocument } from '../../sdk/src/generated/graphql.js';
import { collect, cursorsAscending, eventLog, registerUser, sleep, type TestUser, untilLive } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const TWEET_EVENTS = `subscription ($after: String, $authorId: ID) {
  tweetEvents(after: $after, authorId: $authorId) {
    cursor kind type id version actorId
    tweet { id body createdAt version likeCount likedByMe author { id username name avatarUrl } }
  }
}`;

const it = test
  .extend('post', { scope: 'file' }, ({ call }) => (user: TestUser, body: string) => call(user, PostTweetDocument, { input: { body } }));

type Stream = ReturnType<typeof collect>;
const events = (stream: Stream): any[] => stream.received.map((result) => (result.data as any).tweetEvents);

describe('tweetEvents', () => {
  it("delivers another user's post, likes and deletion, rendered for each viewer", async ({ server, bob, alice, admin, post, call }) => {
    const bobStream = collect(server.ws(bob.accessToken), TWEET_EVENTS);
    const aliceStream = collect(server.ws(alice.accessToken), TWEET_EVENTS);
    await untilLive(bobStream, (attempt) => post(alice, `warm-up for bob ${attempt}`));
    await untilLive(aliceStream, (attempt) => post(bob, `warm-up for alice ${attempt}`));

    const tweet = await post(alice, 'Hello Bob, live!');
    // likedByMe is the viewer's like as it stands when the event is delivered: each event arrives
    // before the next change (a like committed before the post was delivered shows in the post).
    const posted = (stream: Stream) => events(stream).some((event) => event.type === 'TweetPosted' && event.id === tweet.id);
    await bobStream.waitFor(() => posted(bobStream));
    await aliceStream.waitFor(() => posted(aliceStream));
    await call(bob, LikeTweetDocument, { id: tweet.id });
    const liked = (stream: Stream) => events(stream).some((event) => event.type === 'TweetLiked' && event.id === tweet.id);
    await bobStream.waitFor(() => liked(bobStream));
    await aliceStream.waitFor(() => liked(aliceStream));
    await call(bob, UnlikeTweetDocument, { id: tweet.id });
    await call(alice, DeleteTweetDocument, { id: tweet.id });
    const done = (stream: Stream) => events(stream).some((event) => event.type === 'TweetDeleted' && event.id === tweet.id);
    await bobStream.waitFor(() => done(bobStream));
    await aliceStream.waitFor(() => done(aliceStream));

    const about = (stream: Stream) => events(stream).filter((event) => event.id === tweet.id);
    const bobSaw = about(bobStream);
    expect(bobSaw.map((event) => [event.type, event.kind, event.version, event.actorId])).toEqual([
      ['TweetPosted', 'CREATED', 1, alice.id],
      ['TweetLiked', 'UPDATED', 2, bob.id],
      ['TweetUnliked', 'UPDATED', 3, bob.id],
      ['TweetDeleted', 'DELETED', 4, alice.id],
    ]);
    expect(bobSaw[0].tweet).toMatchObject({
      id: tweet.id,
      body: 'Hello Bob, live!',
      version: 1,
      likeCount: 0,
      likedByMe: false,
      author: { id: alice.id, username: alice.username, name: alice.username, avatarUrl: null },
    });
    expect(new Date(bobSaw[0].tweet.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The event payload is the same for everyone; likedByMe is answered per viewer.
    expect(bobSaw[1].tweet).toMatchObject({ likeCount: 1, likedByMe: true });
    const aliceSaw = about(aliceStream);
    expect(aliceSaw[1].tweet).toMatchObject({ likeCount: 1, likedByMe: false });
    expect(bobSaw[3].tweet).toBeNull();
    expect(bobStream.received.every((result) => !result.errors)).toBe(true);
    expect(cursorsAscending(events(bobStream).map((event) => event.cursor), await eventLog(server, admin, 'Tweet'))).toBe(true);
  });

  it('narrows to one author with authorId', async ({ server, alice, post, bob }) => {
    const carol = await registerUser(server);
    const stream = collect(server.ws(carol.accessToken), TWEET_EVENTS, { authorId: alice.id });
    await untilLive(stream, (attempt) => post(alice, `warm-up for carol ${attempt}`));
    await post(bob, 'bob is not followed here');
    const marker = await post(alice, 'alice marker');
    await stream.waitFor(() => events(stream).some((event) => event.id === marker.id));
    await sleep(200);
    expect(events(stream).every((event) => event.tweet.author.id === alice.id)).toBe(true);
    expect(JSON.stringify(stream.received)).not.toContain('bob is not followed here');

    const bad = collect(server.ws(carol.accessToken), TWEET_EVENTS, { authorId: 'nope' });
    await bad.waitFor(() => bad.received.length > 0 || bad.error !== undefined);
    expect((bad.received[0]?.errors ?? (bad.error as any[]))[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('resumes from a cursor: posts made while away arrive once, in order, then live ones', async ({ server, bob, post, alice, admin, call }) => {
    const first = collect(server.ws(bob.accessToken), TWEET_EVENTS);
    await untilLive(first, (attempt) => post(alice, `before bob leaves ${attempt}`));
    await sleep(100);
    const lastSeen = events(first).at(-1)!;
    first.unsubscribe();

    const away1 = await post(alice, 'posted while bob was away');
    await call(alice, LikeTweetDocument, { id: away1.id });
    const away2 = await post(bob, 'bob posted from his phone');

    const resumed = collect(server.ws(bob.accessToken), TWEET_EVENTS, { after: lastSeen.cursor });
    await resumed.waitFor(() => resumed.received.length >= 3);
    const live = await post(alice, 'welcome back bob');
    await resumed.waitFor(() => events(resumed).some((event) => event.id === live.id));
    await sleep(300);

    expect(resumed.received.every((result) => !result.errors)).toBe(true);
    // A warm-up that was still in flight when the first stream closed may come first; nothing else.
    const seen = events(resumed).filter((event) => !event.tweet?.body.startsWith('before bob leaves'));
    expect(seen.map((event) => [event.type, event.id, event.tweet?.body, event.tweet?.likeCount])).toEqual([
      ['TweetPosted', away1.id, 'posted while bob was away', 0],
      ['TweetLiked', away1.id, 'posted while bob was away', 1],
      ['TweetPosted', away2.id, 'bob posted from his phone', 0],
      ['TweetPosted', live.id, 'welcome back bob', 0],
    ]);
    expect(cursorsAscending([lastSeen.cursor, ...events(resumed).map((event) => event.cursor)], await eventLog(server, admin, 'Tweet'))).toBe(true);
  });

  it('replays a deleted author\'s tweets without their tweet and without an error, then goes on', async ({ server, bob, post }) => {
    const leaver = await registerUser(server);
    const watch = collect(server.ws(bob.accessToken), TWEET_EVENTS);
    await untilLive(watch, (attempt) => post(bob, `before the leaver posts ${attempt}`));
    const before = events(watch).at(-1)!.cursor;
    watch.unsubscribe();
    const gone = await post(leaver, 'soon to be gone');
    const deleted = await server.graphql(`mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) }`, { input: { password: leaver.password } }, leaver.accessToken);
    expect(deleted.errors).toBeUndefined();
    const after = await post(bob, 'after the leaver left');

    const replay = collect(server.ws(bob.accessToken), TWEET_EVENTS, { after: before });
    await replay.waitFor(() => events(replay).some((event) => event?.id === after.id));
    expect(replay.received.flatMap((result) => result.errors ?? [])).toEqual([]);
    expect(replay.error).toBeUndefined();
    const posted = events(replay).find((event) => event.id === gone.id);
    expect(posted).toMatchObject({ type: 'TweetPosted', tweet: null, version: 1 });
  });

  it('refuses an anonymous subscriber', async ({ server }) => {
    const anonymous = collect(server.ws(null), TWEET_EVENTS);
    await anonymous.waitFor(() => anonymous.received.length > 0 || anonymous.error !== undefined);
    expect((anonymous.received[0]?.errors ?? (anonymous.error as any[]))[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
