import { pino } from 'pino';
import { describe, expect } from 'vitest';
import { makeAdmin, registerUser, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

// The GraphQL fast path (server/src/app/graphql-fast-path.ts) must answer exactly as Express and
// Apollo do. `server` runs it; `peer`, on the same database, has it off: every request of the corpus
// goes to both, and status, body and headers must be the same, and so must the operation log lines.

const ALLOWED_ORIGIN = 'https://allowed.example';

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}
const fast = capture();
const apollo = capture();

const it = chorusTest({
  env: { CORS_ORIGINS: ALLOWED_ORIGIN },
  start: { logger: fast.logger },
  peer: { env: { CORS_ORIGINS: ALLOWED_ORIGIN }, start: { logger: apollo.logger, graphqlFastPath: false } },
}).extend('enforced', { scope: 'file' }, async ({ server }, { onCleanup }) => {
  // TRUSTED_DOCUMENTS=enforce, with and without the fast path, on the same database.
  const env = { LOG_LEVEL: 'silent', TRUSTED_DOCUMENTS: 'enforce' };
  const [withFastPath, without] = await Promise.all([
    startTestServer({ databaseUrl: server.databaseUrl, env }),
    startTestServer({ databaseUrl: server.databaseUrl, env, start: { graphqlFastPath: false } }),
  ]);
  onCleanup(() => Promise.all([withFastPath.close(), without.close()]).then(() => {}));
  return { server: withFastPath, peer: without };
});

interface Sent {
  body: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

let traceCounter = 0;

async function send(server: TestServer, request: Sent, traceId: string): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trace-id': traceId, ...request.headers },
    body: request.body,
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'date') headers[name] = value;
  });
  return { status: response.status, body: await response.text(), headers };
}

/** The operation log lines of one request, without what differs between two runs of it. */
function operationLog(lines: string[], traceId: string) {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown> & { msg?: string })
    .filter((line) => line.traceId === traceId)
    .map(({ time: _time, pid: _pid, hostname: _hostname, durationMs, err, ...rest }) => ({
      ...rest,
      durationMs: typeof durationMs,
      err: err ? { type: (err as { type?: string }).type, message: (err as { message?: string }).message } : undefined,
    }));
}

/** The samples of chorus_graphql_operations_total, by labels. */
async function operationCounts(server: TestServer): Promise<Map<string, number>> {
  const text = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^chorus_graphql_operations_total(\{.*\}) (\d+)$/.exec(line);
    if (match) counts.set(match[1]!, Number(match[2]));
  }
  return counts;
}

const json = (value: unknown) => JSON.stringify(value);
const API_INFO = '{ apiInfo { version commit } }'; // buildTime and startedAt are each instance's own
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const TWEETS = 'query Feed($n: Int) { tweets(first: $n) { edges { node { id body likeCount likedByMe version author { id username } } } } }';

let alice: TestUser;
let bob: TestUser;
let tweetId: string;

/** [name, request, whether the fast path serves it] */
type Case = [string, () => Sent, boolean];

const cases: Case[] = [
  ['a query, no Accept', () => ({ body: json({ query: API_INFO }) }), true],
  ...[
    '*/*',
    'application/json',
    'application/json, */*',
    'application/json, application/graphql-response+json',
    'application/graphql-response+json',
    'application/graphql-response+json, application/json',
    'application/graphql-response+json,application/json;q=0.9',
    'application/graphql-response+json, application/json;q=0.9',
  ].map((accept): Case => [`a query, Accept: ${accept}`, () => ({ body: json({ query: API_INFO }), headers: { accept } }), true]),
  ['an Accept it does not know (Apollo)', () => ({ body: json({ query: API_INFO }), headers: { accept: 'application/json;q=0.5, text/html' } }), false],
  ['an Accept that allows no JSON (406, Apollo)', () => ({ body: json({ query: API_INFO }), headers: { accept: 'text/html' } }), false],
  ['content-type with charset', () => ({ body: json({ query: API_INFO }), headers: { 'content-type': 'application/json; charset=utf-8' } }), true],
  ['an allowed Origin', () => ({ body: json({ query: API_INFO }), headers: { origin: ALLOWED_ORIGIN } }), true],
  ['another Origin', () => ({ body: json({ query: API_INFO }), headers: { origin: 'https://evil.example' } }), true],
  ['variables and operationName, signed in', () => ({ body: json({ query: TWEETS, variables: { n: 5 }, operationName: 'Feed' }), headers: { authorization: `Bearer ${alice.accessToken}` } }), true],
  ['the same, anonymous', () => ({ body: json({ query: TWEETS, variables: { n: 5 }, operationName: 'Feed' }) }), true],
  ['variables: null, operationName: null', () => ({ body: json({ query: API_INFO, variables: null, operationName: null }) }), true],
  ['a default page size (no variables given)', () => ({ body: json({ query: TWEETS }) }), true],
  ['the signed-in user', () => ({ body: json({ query: '{ me { id username role } }' }), headers: { authorization: `Bearer ${alice.accessToken}` } }), true],
  ['a token that is not one (anonymous)', () => ({ body: json({ query: '{ me { id } }' }), headers: { authorization: 'Bearer not-a-token' } }), true],
  ['an execution error (UNAUTHENTICATED)', () => ({ body: json({ query: 'mutation { postTweet(input: { body: "hi" }) { id } }' }) }), true],
  ['an execution error (NOT_FOUND), legacy Accept', () => ({ body: json({ query: `mutation { deleteTweet(id: "${NO_SUCH_ID}") }` }), headers: { authorization: `Bearer ${alice.accessToken}` } }), true],
  [
    'an execution error, graphql-response Accept',
    () => ({ body: json({ query: `mutation { deleteTweet(id: "${NO_SUCH_ID}") }` }), headers: { authorization: `Bearer ${alice.accessToken}`, accept: 'application/graphql-response+json' } }),
    true,
  ],
  ['a forbidden mutation (FORBIDDEN from a resolver)', () => ({ body: json({ query: `mutation { deleteUser(id: "${bob.id}") }` }), headers: { authorization: `Bearer ${alice.accessToken}` } }), true],
  ['an idempotent mutation', () => ({ body: json({ query: `mutation Like($id: ID!) { likeTweet(id: $id) { id likeCount likedByMe } }`, variables: { id: tweetId } }), headers: { authorization: `Bearer ${bob.accessToken}` } }), true],
  ['several operations, one named', () => ({ body: json({ query: 'query A { apiInfo { version } } query B { me { id } }', operationName: 'A' }) }), true],
  ['an unknown operation name (Apollo)', () => ({ body: json({ query: API_INFO, operationName: 'Nope' }) }), false],
  ['several operations, none named (Apollo)', () => ({ body: json({ query: 'query A { apiInfo { version } } query B { me { id } }' }) }), false],
  ['variables that do not coerce (Apollo)', () => ({ body: json({ query: TWEETS, variables: { n: 'five' } }) }), false],
  ['a missing required variable (Apollo)', () => ({ body: json({ query: 'query ($id: ID!) { tweet(id: $id) { id } }' }) }), false],
  ['a validation error (Apollo)', () => ({ body: json({ query: '{ apiInfo { nmae } }' }) }), false],
  ['a syntax error (Apollo)', () => ({ body: json({ query: '{ apiInfo { ' }) }), false],
  ['a subscription over HTTP (Apollo)', () => ({ body: json({ query: 'subscription { tweetEvents { __typename } }' }) }), false],
  ['a string no column may hold (Apollo)', () => ({ body: json({ query: 'mutation ($input: PostTweetInput!) { postTweet(input: $input) { id } }', variables: { input: { body: 'a\u0000b' } } }), headers: { authorization: `Bearer ${alice.accessToken}` } }), false],
  ['a cost over the limit (Apollo)', () => ({ body: json({ query: `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: users(first: 100) { edges { node { tweets(first: 100) { edges { node { id body } } } } } }`).join(' ')} }` }) }), false],
  ['extensions (Apollo)', () => ({ body: json({ query: API_INFO, extensions: {} }) }), false],
  ['a persisted-query hash beside the text (Apollo)', () => ({ body: json({ query: API_INFO, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }) }), false],
  ['a documentId (Apollo)', () => ({ body: json({ documentId: 'sha256:nope' }) }), false],
  ['variables as a string (Apollo)', () => ({ body: json({ query: API_INFO, variables: '{}' }) }), false],
  ['a batch (Apollo)', () => ({ body: json([{ query: API_INFO }]) }), false],
  ['an empty object (Apollo)', () => ({ body: '{}' }), false],
  ['malformed JSON (body-parser)', () => ({ body: '{"query": ' }), false],
  ['not JSON at all (body-parser)', () => ({ body: 'query { apiInfo { version } }' }), false],
  ['a JSON string (body-parser, strict)', () => ({ body: '"{ apiInfo { version } }"' }), false],
  ['leading whitespace (read as body-parser reads it)', () => ({ body: `  ${json({ query: API_INFO })}` }), true],
  ['a byte-order mark (dropped, as body-parser does)', () => ({ body: `\uFEFF${json({ query: API_INFO })}` }), true],
  ['an empty body (Apollo)', () => ({ body: '' }), false],
  ['a body over the limit (413)', () => ({ body: json({ query: API_INFO, variables: { pad: 'x'.repeat(1024 * 1024) } }) }), false],
  ['a body just within the limit', () => ({ body: json({ query: API_INFO, variables: { pad: 'x'.repeat(1024 * 1024 - 100) } }) }), true],
  ['text/plain (CSRF refusal)', () => ({ body: json({ query: API_INFO }), headers: { 'content-type': 'text/plain' } }), false],
];

describe('the GraphQL fast path answers as Apollo does', () => {
  it.beforeAll(async ({ server, peer }) => {
    alice = await registerUser(server);
    bob = await registerUser(server);
    await makeAdmin(server, bob);
    const posted = await server.graphql('mutation ($input: PostTweetInput!) { postTweet(input: $input) { id } }', { input: { body: 'one tweet' } }, alice.accessToken);
    tweetId = posted.data!.postTweet.id;
    // The peer learns of the new users' sign-ins from the database; warm both so neither pays a first call differently.
    await peer.graphql(API_INFO);
  });

  it.for(cases)('%s', async ([_name, request, servedFast], { server, peer }) => {
    const sent = request();
    const traceId = `fast-path-${++traceCounter}`;
    const before = server.chorus.graphqlFastPath!.served;
    // The fast path's server first: a mutation then finds the same state on the second.
    const viaFastPath = await send(server, sent, traceId);
    const viaApollo = await send(peer, sent, traceId);
    expect(viaFastPath).toEqual(viaApollo);
    expect(server.chorus.graphqlFastPath!.served - before).toBe(servedFast ? 1 : 0);
    expect(peer.chorus.graphqlFastPath).toBeNull();
    expect(operationLog(fast.lines, traceId)).toEqual(operationLog(apollo.lines, traceId));
  });

  it('answers a masked internal error as Apollo does, with the trace id, and logs the original', async ({ server, peer }) => {
    const sent = { body: json({ query: '{ me { id bio } }' }), headers: { authorization: `Bearer ${alice.accessToken}` } };
    await server.sql('alter table users rename column bio to bio_gone');
    try {
      const before = server.chorus.graphqlFastPath!.served;
      const viaFastPath = await send(server, sent, 'fast-path-internal');
      const viaApollo = await send(peer, sent, 'fast-path-internal');
      expect(viaFastPath).toEqual(viaApollo);
      expect(server.chorus.graphqlFastPath!.served - before).toBe(1);
      expect(JSON.parse(viaFastPath.body).errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', traceId: 'fast-path-internal' });
      const logged = operationLog(fast.lines, 'fast-path-internal');
      expect(logged).toEqual(operationLog(apollo.lines, 'fast-path-internal'));
      expect(logged.map((line) => line.msg)).toEqual(['unexpected error', 'graphql operation']);
    } finally {
      await server.sql('alter table users rename column bio_gone to bio');
    }
  });

  it('generates a trace id when none is sent, as Express does', async ({ server }) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ query: API_INFO }) });
    expect(response.headers.get('x-trace-id')).toMatch(/^[\da-f]{32}$/);
  });

  it('counts the same operations in the metrics', async ({ server, peer }) => {
    const [fastCounts, apolloCounts] = [await operationCounts(server), await operationCounts(peer)];
    // The fixtures' own operations (registering, posting) ran on `server` only.
    for (const [labels, count] of apolloCounts) {
      if (labels.includes('operation="anonymous"') && labels.includes('type="mutation"')) continue;
      expect([labels, fastCounts.get(labels)]).toEqual([labels, count]);
    }
  });
});

describe('the GraphQL fast path with trusted documents enforced', () => {
  it('serves a manifest text and hands any other to Apollo (FORBIDDEN)', async ({ enforced: { server, peer } }) => {
    const manifest = (await import('../../client/src/gql/persisted-documents.json', { with: { type: 'json' } })).default as Record<string, string>;
    const known = Object.values(manifest).find((text) => text.startsWith('query UserByUsername('))!;
    for (const [query, servedFast] of [
      [known, true],
      [known.replace('bio ', ''), false],
    ] as const) {
      const sent = { body: json({ query, variables: { username: 'nobody-here' } }) };
      const before = server.chorus.graphqlFastPath!.served;
      const viaFastPath = await send(server, sent, 'trusted-documents');
      expect(viaFastPath).toEqual(await send(peer, sent, 'trusted-documents'));
      expect(server.chorus.graphqlFastPath!.served - before).toBe(servedFast ? 1 : 0);
    }
  });
});
