import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describe, expect } from 'vitest';
import { seedTweets } from '../../server/src/modules/tweets/tweet.seed.js';
import { makeAdmin, registerUser, type TestUser } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const TWEET_FIELDS = 'id body createdAt version likeCount likedByMe author { id username name avatarUrl }';
const POST = `mutation ($input: PostTweetInput!) { postTweet(input: $input) { ${TWEET_FIELDS} } }`;
const DELETE = `mutation ($id: ID!) { deleteTweet(id: $id) }`;
const LIKE = `mutation ($id: ID!) { likeTweet(id: $id) { id likeCount likedByMe version } }`;
const UNLIKE = `mutation ($id: ID!) { unlikeTweet(id: $id) { id likeCount likedByMe version } }`;
const TWEET = `query ($id: ID!) { tweet(id: $id) { ${TWEET_FIELDS} } }`;
const TWEETS = `query ($first: Int, $after: String, $authorId: ID, $search: String) {
  tweets(first: $first, after: $after, authorId: $authorId, search: $search) {
    edges { cursor node { id body likeCount likedByMe author { username } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const USER_TWEETS = `query ($id: ID!, $first: Int, $after: String) {
  user(id: $id) { username tweets(first: $first, after: $after) { edges { node { body author { id } } } pageInfo { hasNextPage endCursor } totalCount } }
}`;

const it = test
  .extend('post', { scope: 'file' }, ({ server }) => async function post(user: TestUser, body: string) {
    const result = await server.graphql(POST, { input: { body } }, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.postTweet;
  })
  .extend('tweetCount', { scope: 'file' }, ({ server }) => async function tweetCount(): Promise<number> {
    const [row] = await server.sql<{ count: string }>('select count(*) from tweet');
    return Number(row!.count);
  })
  .extend('storedTweet', { scope: 'file' }, ({ server }) => async function storedTweet(id: string) {
    const [row] = await server.sql('select body, like_count, version from tweet where id = $1', [id]);
    return row;
  })
  .extend('eventsOf', { scope: 'file' }, ({ server }) => async function eventsOf(tweetId: string) {
    return server.sql(
      `select type, kind, aggregate_version, actor_id, owner_id, audience, payload from domain_event
       where aggregate_type = 'Tweet' and aggregate_id = $1 order by id`,
      [tweetId],
    );
  })
  /** Every page of a tweets query, following `endCursor`. */
  .extend('allPages', { scope: 'file' }, ({ server }) => async function allPages(user: TestUser, variables: Record<string, unknown>, first = 3): Promise<string[]> {
    const bodies: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await server.graphql(TWEETS, { ...variables, first, after }, user.accessToken);
      expect(result.errors).toBeUndefined();
      bodies.push(...result.data.tweets.edges.map((edge: any) => edge.node.body));
      if (!result.data.tweets.pageInfo.hasNextPage) return bodies;
      after = result.data.tweets.pageInfo.endCursor;
    }
  });

describe('postTweet', () => {
  it('stores the trimmed body with its author and records TweetPosted for everyone', async ({ post, alice, eventsOf }) => {
    const tweet = await post(alice, '  Hello, world!  \n');
    expect(tweet).toMatchObject({ body: 'Hello, world!', version: 1, likeCount: 0, likedByMe: false, author: { id: alice.id, username: alice.username } });
    const events = await eventsOf(tweet.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'TweetPosted', kind: 'CREATED', aggregate_version: 1, actor_id: alice.id, owner_id: alice.id, audience: ['public'] });
    expect(events[0].payload).toEqual({ id: tweet.id, authorId: alice.id, body: 'Hello, world!', createdAt: tweet.createdAt, version: 1, likeCount: 0 });
  });

  it('counts characters with charLength: 280 emoji fit, 281 do not', async ({ post, alice }) => {
    const tweet = await post(alice, '🎶'.repeat(280));
    expect([...tweet.body]).toHaveLength(280);
    expect(tweet.body.length).toBe(560);
  });

  it.for([
    ['empty', ''],
    ['whitespace only', ' \n\t\u00a0\u3000 '],
    ['281 characters', 'x'.repeat(281)],
    ['281 emoji', '🎶'.repeat(281)],
    ['a NUL character', 'nul \u0000 here'],
  ] as const)('rejects a body that is %s with BAD_USER_INPUT and stores nothing', async ([_case, body], { tweetCount, server, alice }) => {
    const before = await tweetCount();
    const result = await server.graphql(POST, { input: { body } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty('body');
    expect(await tweetCount()).toBe(before);
  });

  it('accepts 280 characters once trimmed', async ({ post, alice }) => {
    const tweet = await post(alice, `   ${'y'.repeat(280)}   `);
    expect(tweet.body).toBe('y'.repeat(280));
  });

  it('requires a signed-in user for every operation', async ({ server }) => {
    for (const [query, variables] of [
      [POST, { input: { body: 'anon' } }],
      [TWEETS, {}],
      [TWEET, { id: '00000000-0000-0000-0000-000000000000' }],
      [LIKE, { id: '00000000-0000-0000-0000-000000000000' }],
    ] as const) {
      const result = await server.graphql(query, variables);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('tweet', () => {
  it("is readable by every signed-in user; unknown ids are NOT_FOUND", async ({ post, alice, server, bob }) => {
    const tweet = await post(alice, 'public words');
    const read = await server.graphql(TWEET, { id: tweet.id }, bob.accessToken);
    expect(read.data!.tweet).toMatchObject({ id: tweet.id, body: 'public words', author: { username: alice.username } });
    for (const id of ['00000000-0000-0000-0000-000000000000', 'garbage']) {
      const missing = await server.graphql(TWEET, { id }, bob.accessToken);
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});

describe('deleteTweet', () => {
  it("is FORBIDDEN to others and changes nothing", async ({ post, alice, server, bob, storedTweet, eventsOf }) => {
    const tweet = await post(alice, 'not yours to delete');
    const result = await server.graphql(DELETE, { id: tweet.id }, bob.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await storedTweet(tweet.id)).toMatchObject({ body: 'not yours to delete' });
    expect(await eventsOf(tweet.id)).toHaveLength(1);
  });

  it('lets the author delete, recording TweetDeleted with the next version; then NOT_FOUND', async ({ post, alice, server, bob, storedTweet, eventsOf }) => {
    const tweet = await post(alice, 'regrettable');
    await server.graphql(LIKE, { id: tweet.id }, bob.accessToken);
    const result = await server.graphql(DELETE, { id: tweet.id }, alice.accessToken);
    expect(result.data!.deleteTweet).toBe(true);
    expect(await storedTweet(tweet.id)).toBeUndefined();
    expect(await server.sql('select 1 from tweet_like where tweet_id = $1', [tweet.id])).toHaveLength(0);
    const events = await eventsOf(tweet.id);
    expect(events.at(-1)).toMatchObject({ type: 'TweetDeleted', kind: 'DELETED', aggregate_version: 3, actor_id: alice.id, owner_id: alice.id });
    const again = await server.graphql(DELETE, { id: tweet.id }, alice.accessToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const read = await server.graphql(TWEET, { id: tweet.id }, alice.accessToken);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets an admin delete anyone’s tweet', async ({ server, post, bob, storedTweet, eventsOf }) => {
    const admin = await registerUser(server);
    await makeAdmin(server, admin);
    const tweet = await post(bob, 'moderate me');
    const result = await server.graphql(DELETE, { id: tweet.id }, admin.accessToken);
    expect(result.data!.deleteTweet).toBe(true);
    expect(await storedTweet(tweet.id)).toBeUndefined();
    expect((await eventsOf(tweet.id)).at(-1)).toMatchObject({ type: 'TweetDeleted', actor_id: admin.id, owner_id: bob.id });
  });
});

describe('likeTweet and unlikeTweet', () => {
  it('are idempotent: one like, one event, however often asked', async ({ post, alice, server, bob, eventsOf }) => {
    const tweet = await post(alice, 'like me');
    const first = await server.graphql(LIKE, { id: tweet.id }, bob.accessToken);
    expect(first.data!.likeTweet).toEqual({ id: tweet.id, likeCount: 1, likedByMe: true, version: 2 });
    const second = await server.graphql(LIKE, { id: tweet.id }, bob.accessToken);
    expect(second.data!.likeTweet).toEqual({ id: tweet.id, likeCount: 1, likedByMe: true, version: 2 });

    const seenByAlice = await server.graphql(TWEET, { id: tweet.id }, alice.accessToken);
    expect(seenByAlice.data!.tweet).toMatchObject({ likeCount: 1, likedByMe: false });

    const unliked = await server.graphql(UNLIKE, { id: tweet.id }, bob.accessToken);
    expect(unliked.data!.unlikeTweet).toEqual({ id: tweet.id, likeCount: 0, likedByMe: false, version: 3 });
    const again = await server.graphql(UNLIKE, { id: tweet.id }, bob.accessToken);
    expect(again.data!.unlikeTweet).toEqual({ id: tweet.id, likeCount: 0, likedByMe: false, version: 3 });

    const events = await eventsOf(tweet.id);
    expect(events.map((event) => [event.type, event.aggregate_version, event.actor_id])).toEqual([
      ['TweetPosted', 1, alice.id],
      ['TweetLiked', 2, bob.id],
      ['TweetUnliked', 3, bob.id],
    ]);
    expect(events[1].payload).toMatchObject({ likeCount: 1, version: 2 });
  });

  it('counts concurrent likes from many users exactly', async ({ post, alice, server, storedTweet, eventsOf }) => {
    const tweet = await post(alice, 'popular');
    const fans = await Promise.all(Array.from({ length: 8 }, () => registerUser(server)));
    await Promise.all(fans.flatMap((fan) => [server.graphql(LIKE, { id: tweet.id }, fan.accessToken), server.graphql(LIKE, { id: tweet.id }, fan.accessToken)]));
    expect(await storedTweet(tweet.id)).toMatchObject({ like_count: 8, version: 9 });
    expect((await eventsOf(tweet.id)).filter((event) => event.type === 'TweetLiked')).toHaveLength(8);
  });

  it('keeps likeCount true when an account that liked is deleted', async ({ post, alice, server, bob, storedTweet }) => {
    const tweet = await post(alice, 'liked by a leaver');
    const leaver = await registerUser(server);
    await server.graphql(LIKE, { id: tweet.id }, leaver.accessToken);
    await server.graphql(LIKE, { id: tweet.id }, bob.accessToken);
    expect((await storedTweet(tweet.id)).like_count).toBe(2);
    const deleted = await server.graphql(`mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) }`, { input: { password: leaver.password } }, leaver.accessToken);
    expect(deleted.data!.deleteAccount).toBe(true);
    const read = await server.graphql(TWEET, { id: tweet.id }, bob.accessToken);
    expect(read.data!.tweet).toMatchObject({ likeCount: 1, likedByMe: true });
  });

  it('answers NOT_FOUND for a tweet that does not exist, storing nothing', async ({ server, bob }) => {
    for (const query of [LIKE, UNLIKE]) {
      for (const id of ['00000000-0000-0000-0000-000000000000', 'garbage']) {
        const result = await server.graphql(query, { id }, bob.accessToken);
        expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    }
    expect(await server.sql(`select 1 from tweet_like where tweet_id = '00000000-0000-0000-0000-000000000000'`)).toHaveLength(0);
  });
});

describe('tweets query', () => {
  it('pages newest first; tweets posted meanwhile neither shift nor repeat later pages', async ({ server, post, bob, allPages }) => {
    const author = await registerUser(server);
    for (let i = 1; i <= 7; i++) await post(author, `feed ${i}`);
    const first = await server.graphql(TWEETS, { authorId: author.id, first: 3 }, bob.accessToken);
    expect(first.data!.tweets.edges.map((edge: any) => edge.node.body)).toEqual(['feed 7', 'feed 6', 'feed 5']);
    expect(first.data!.tweets.totalCount).toBe(7);

    for (let i = 8; i <= 10; i++) await post(author, `feed ${i}`);
    const rest = [];
    let after = first.data!.tweets.pageInfo.endCursor;
    for (;;) {
      const page: any = await server.graphql(TWEETS, { authorId: author.id, first: 3, after }, bob.accessToken);
      rest.push(...page.data.tweets.edges.map((edge: any) => edge.node.body));
      if (!page.data.tweets.pageInfo.hasNextPage) break;
      after = page.data.tweets.pageInfo.endCursor;
    }
    expect(rest).toEqual(['feed 4', 'feed 3', 'feed 2', 'feed 1']);
    expect(await allPages(bob, { authorId: author.id })).toEqual(['feed 10', 'feed 9', 'feed 8', 'feed 7', 'feed 6', 'feed 5', 'feed 4', 'feed 3', 'feed 2', 'feed 1']);
  });

  it('orders tweets with the same createdAt by id, without loss or repeat across pages', async ({ server, post, allPages, bob }) => {
    const author = await registerUser(server);
    for (let i = 1; i <= 5; i++) await post(author, `same time ${i}`);
    await server.sql(`update tweet set created_at = '2030-01-01T00:00:00Z' where author_id = $1`, [author.id]);
    const bodies = await allPages(bob, { authorId: author.id }, 2);
    expect(bodies).toHaveLength(5);
    expect(new Set(bodies).size).toBe(5);
    const ids = await server.sql(`select body from tweet where author_id = $1 order by id desc`, [author.id]);
    expect(bodies).toEqual(ids.map((row) => row.body));
  });

  it('searches bodies case-insensitively, with % and _ taken literally, optionally by author', async ({ server, post, bob, allPages }) => {
    const author = await registerUser(server);
    await post(author, 'Zebra crossings are Zebrafied');
    await post(author, '100% zebra');
    await post(bob, 'a zebra from bob');
    await post(author, 'nothing here_');
    expect(await allPages(bob, { search: 'ZEBRA', authorId: author.id })).toEqual(['100% zebra', 'Zebra crossings are Zebrafied']);
    expect((await allPages(bob, { search: ' zebra ' })).length).toBeGreaterThanOrEqual(3);
    expect(await allPages(bob, { search: '0% z' })).toEqual(['100% zebra']);
    expect(await allPages(bob, { search: 'here_' })).toEqual(['nothing here_']);
    expect(await allPages(bob, { search: 'e_e' })).toEqual([]);
  });

  it('refuses a page larger than 100, a malformed cursor and an authorId that is not an id', async ({ server, bob }) => {
    for (const variables of [{ first: 101 }, { after: 'nope' }, { authorId: 'nope' }]) {
      const result = await server.graphql(TWEETS, variables, bob.accessToken);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('shows likedByMe per viewer', async ({ server, post, bob }) => {
    const author = await registerUser(server);
    const liked = await post(author, 'bob likes this');
    await post(author, 'bob ignores this');
    await server.graphql(LIKE, { id: liked.id }, bob.accessToken);
    const asBob = await server.graphql(TWEETS, { authorId: author.id }, bob.accessToken);
    expect(asBob.data!.tweets.edges.map((edge: any) => [edge.node.body, edge.node.likedByMe, edge.node.likeCount])).toEqual([
      ['bob ignores this', false, 0],
      ['bob likes this', true, 1],
    ]);
    const asAuthor = await server.graphql(TWEETS, { authorId: author.id }, author.accessToken);
    expect(asAuthor.data!.tweets.edges.map((edge: any) => edge.node.likedByMe)).toEqual([false, false]);
  });

  it("shows an author's email and phone in the feed to the author themself only", async ({ server, post, bob }) => {
    const author = await registerUser(server);
    await post(author, 'private details stay private');
    const FEED_AUTHORS = `query ($authorId: ID) { tweets(authorId: $authorId) { edges { node { author { id email phone } } } } }`;
    const asBob = await server.graphql(FEED_AUTHORS, { authorId: author.id }, bob.accessToken);
    expect(asBob.data!.tweets.edges.map((edge: any) => edge.node.author)).toEqual([{ id: author.id, email: null, phone: null }]);
    const asAuthor = await server.graphql(FEED_AUTHORS, { authorId: author.id }, author.accessToken);
    expect(asAuthor.data!.tweets.edges.map((edge: any) => edge.node.author)).toEqual([{ id: author.id, email: author.email, phone: null }]);
  });
});

describe('User.tweets', () => {
  it("is the user's tweets, newest first, as a connection", async ({ server, post, bob }) => {
    const author = await registerUser(server);
    for (let i = 1; i <= 4; i++) await post(author, `mine ${i}`);
    await post(bob, 'not in it');
    const page = await server.graphql(USER_TWEETS, { id: author.id, first: 3 }, bob.accessToken);
    expect(page.errors).toBeUndefined();
    const tweets = page.data!.user.tweets;
    expect(tweets.edges.map((edge: any) => edge.node.body)).toEqual(['mine 4', 'mine 3', 'mine 2']);
    expect(tweets.edges.every((edge: any) => edge.node.author.id === author.id)).toBe(true);
    expect(tweets).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const next = await server.graphql(USER_TWEETS, { id: author.id, first: 3, after: tweets.pageInfo.endCursor }, bob.accessToken);
    expect(next.data!.user.tweets.edges.map((edge: any) => edge.node.body)).toEqual(['mine 1']);
  });
});

describe('seedTweets', () => {
  it('posts demo tweets and likes, with their events, once however often it runs', async ({ server }) => {
    const users = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const ids = users.map((user) => user.id);
    const state = async () =>
      server.sql(
        `select (select count(*)::int from tweet where author_id = any($1)) as tweets,
                (select count(*)::int from tweet_like where user_id = any($1)) as likes,
                (select count(*)::int from domain_event where owner_id = any($1) and aggregate_type = 'Tweet') as events`,
        [ids],
      );
    expect(await seedTweets(server.chorus.app.orm.em.fork() as EntityManager, users)).toBeGreaterThan(0);
    const [first] = await state();
    expect(first.tweets).toBeGreaterThan(0);
    expect(first.likes).toBe(3);
    expect(first.events).toBe(first.tweets + first.likes);
    expect(await seedTweets(server.chorus.app.orm.em.fork() as EntityManager, users)).toBe(0);
    expect((await state())[0]).toEqual(first);
  });
});
