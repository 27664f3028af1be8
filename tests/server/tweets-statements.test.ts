import 'reflect-metadata';
import { describe, expect } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { planOf, statementRecorder } from '../helpers/sql-statements.js';

/** The feed as a client renders it: author, like count and the viewer's own like on every tweet. */
const FEED = `query ($first: Int, $after: String, $search: String) {
  tweets(first: $first, after: $after, search: $search) {
    edges { cursor node { id body createdAt likeCount likedByMe author { username name avatarUrl } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const recorder = statementRecorder();

const it = chorusTest({ start: { onQuery: recorder.onQuery } })
  .extend('viewer', { scope: 'file' }, ({ server }) => registerUser(server))
  /** Runs one HTTP request and returns its result with every SQL statement it issued. */
  .extend('counted', { scope: 'file' }, ({ server, viewer }) => function counted(variables: Record<string, unknown>) {
    return recorder.during(() => server.graphql(FEED, variables, viewer.accessToken));
  });

it.beforeAll(async ({ server, viewer }) => {
  // 60 tweets from 12 authors; the viewer likes every third one.
  const authors = await Promise.all(Array.from({ length: 12 }, () => registerUser(server)));
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    const author = authors[i % authors.length]!;
    const result = await server.graphql(`mutation ($input: PostTweetInput!) { postTweet(input: $input) { id } }`, { input: { body: `tweet number ${i}` } }, author.accessToken);
    ids.push(result.data!.postTweet.id);
  }
  for (const id of ids.filter((_, i) => i % 3 === 0)) {
    await server.graphql(`mutation ($id: ID!) { likeTweet(id: $id) { id } }`, { id }, viewer.accessToken);
  }
});

/** What the request itself asked: the story runner's sweep runs on its own timer meanwhile. */
function ofRequest(statements: string[]): string[] {
  return statements.filter((sql) => !/\bfrom story\b/.test(sql));
}

describe('feed statement count (no N+1)', () => {
  it('answers a page with authors, likeCount and likedByMe in the same few statements at 5 and 50 tweets', async ({ counted }) => {
    const small = await counted({ first: 5 });
    const large = await counted({ first: 50 });
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(small.result.data!.tweets.edges).toHaveLength(5);
    expect(large.result.data!.tweets.edges).toHaveLength(50);
    const nodes = large.result.data!.tweets.edges.map((edge: any) => edge.node);
    expect(new Set(nodes.map((node: any) => node.author.username)).size).toBe(12);
    expect(nodes.filter((node: any) => node.likedByMe).length).toBeGreaterThan(10);
    expect(nodes.every((node: any) => node.likeCount === (node.likedByMe ? 1 : 0))).toBe(true);

    // The page with its authors and the viewer's likes, in one statement; the viewer's token was
    // checked by an earlier request and is cached (auth/viewer.ts).
    expect(ofRequest(large.statements), large.statements.join('\n')).toHaveLength(1);
    expect(ofRequest(small.statements), small.statements.join('\n')).toHaveLength(1);
  });

  it('adds only the session check for a token this instance has not seen', async ({ server, viewer }) => {
    const login = await server.graphql(`mutation ($u: String!, $p: String!) { login(input: { usernameOrEmail: $u, password: $p }) { accessToken } }`, {
      u: viewer.username,
      p: viewer.password,
    });
    const { result, statements } = await recorder.during(() => server.graphql(FEED, { first: 20 }, login.data!.login.accessToken));
    expect(result.data!.tweets.edges).toHaveLength(20);
    expect(ofRequest(statements), statements.join('\n')).toHaveLength(2);
  });

  it('keeps the count when paging on with a cursor', async ({ counted }) => {
    const first = await counted({ first: 20 });
    const next = await counted({ first: 20, after: first.result.data!.tweets.pageInfo.endCursor });
    expect(next.result.data!.tweets.edges).toHaveLength(20);
    expect(next.statements.length).toBe(first.statements.length);
  });
});

describe('indexes serve the feed queries', () => {
  it('searches with the trigram index, not a full-table ILIKE scan', async ({ counted, server }) => {
    const { result, statements } = await counted({ first: 10, search: 'number 7' });
    expect(result.data!.tweets.edges.map((edge: any) => edge.node.body)).toEqual(['tweet number 7']);
    const search = statements.find((sql) => /from "tweet"/.test(sql) && /ilike/i.test(sql));
    expect(search).toBeDefined();
    expect(await planOf(server.databaseUrl, search!)).toContain('tweet_body_trgm');
  });

  it('pages the feed with the (created_at, id) index', async ({ counted, server }) => {
    const { statements } = await counted({ first: 10 });
    const page = statements.find((sql) => /from "tweet"/.test(sql));
    expect(await planOf(server.databaseUrl, page!)).toContain('tweet_feed_idx');
  });
});
