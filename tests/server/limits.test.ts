import fc from 'fast-check';
import type { GraphQLError } from 'graphql';
import { describe, expect } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, MAX_WS_PAYLOAD_BYTES } from '../../server/src/app/graphql-ws.js';
import { OPERATION_LIMITS } from '../../server/src/app/operation-limits.js';
import { encodeCursor } from '../../server/src/events/cursor.js';
import { tweetRules } from '../../server/src/modules/tweets/tweet.rules.js';
import { rules } from '../../server/src/modules/users/user.rules.js';
import { toCursor } from '../../server/src/shared/pagination/index.js';
import { charLength, FieldErrors, isBlank } from '../../server/src/shared/validation.js';
import { collect, registerUser } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';
import { rawSocket } from '../helpers/raw-ws.js';

const nested = (levels: number) => `${'ofType { '.repeat(levels)}name${' }'.repeat(levels)}`;
/** Valid in any schema and harmless to run: only the depth limit can refuse it. */
const depthBomb = `{ __type(name: "Query") { fields { type { ${nested(OPERATION_LIMITS.maxDepth)} } } } }`;
const shallow = `{ __type(name: "Query") { fields { type { ${nested(3)} } } } }`;
const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: apiInfo { version }`).join(' ')} }`;
const directives = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `f${i}: __typename @include(if: true)`).join(' ')} }`;
const tokens = (count: number) => `{ ${'__typename '.repeat(count)}}`;
const USERS_PAGE = 'users(first: 100) { edges { node { id username name email } } }';
/** Each page is cheap; ten in one document cost more than the limit (a literal `first` multiplies). */
const costly = (pages: number) => `{ ${Array.from({ length: pages }, (_, i) => `p${i}: ${USERS_PAGE}`).join(' ')} }`;

function expectRefused(result: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }, message: RegExp) {
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(result.errors?.[0]?.message).toMatch(message);
}

const it = test
  .extend('user', { scope: 'file' }, ({ server }) => registerUser(server))
  .extend('post', { scope: 'file' }, ({ server }) => (body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }))
  .extend('count', { scope: 'file' }, ({ server }) => async (table: string) => Number((await server.sql(`select count(*) from ${table}`))[0].count));

describe('document limits over HTTP', () => {
  it('refuses a depth bomb and runs the same shape when shallow', async ({ server }) => {
    expectRefused(await server.graphql(depthBomb), /depth limit of 10 exceeded/i);
    expect((await server.graphql(shallow)).data?.__type.fields.length).toBeGreaterThan(0);
  });

  it('refuses an alias bomb and allows a few aliases', async ({ server }) => {
    expectRefused(await server.graphql(aliases(50)), /aliases limit of 15 exceeded/i);
    expect(Object.keys((await server.graphql(aliases(OPERATION_LIMITS.maxAliases))).data!)).toHaveLength(OPERATION_LIMITS.maxAliases);
  });

  it('refuses too many directives', async ({ server }) => {
    expectRefused(await server.graphql(directives(OPERATION_LIMITS.maxDirectives + 5)), /directives limit of 20 exceeded/i);
    expect((await server.graphql(directives(OPERATION_LIMITS.maxDirectives))).errors).toBeUndefined();
  });

  it('refuses a document with too many tokens before parsing it all', async ({ server }) => {
    expectRefused(await server.graphql(tokens(OPERATION_LIMITS.maxTokens + 100)), /more th[ae][nt] 2000 tokens/i);
    expect((await server.graphql(tokens(500))).errors).toBeUndefined();
  });

  it('refuses a document over the cost limit', async ({ server, user }) => {
    expectRefused(await server.graphql(costly(10), {}, user.accessToken), /cost limit of 20000 exceeded/i);
    const fine = await server.graphql(costly(2), {}, user.accessToken);
    expect(fine.errors).toBeUndefined();
  });

  it('refuses `first: 100000` as over the page cap (BAD_USER_INPUT), literal or variable alike', async ({ server, user }) => {
    const viaVariable = await server.graphql(`query ($first: Int) { users(first: $first) { totalCount } }`, { first: 100_000 }, user.accessToken);
    expect(viaVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaVariable.data ?? null).toBeNull();
    const justOver = await server.graphql(`{ users(first: 101) { totalCount } }`, {}, user.accessToken);
    expect(justOver.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The cost counts a page at most at the cap, so the resolver's clearer refusal is the one seen.
    const literal = await server.graphql(`{ users(first: 100000) { edges { node { id } } } }`, {}, user.accessToken);
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.data ?? null).toBeNull();
    expect((await server.graphql(`{ users(first: 100) { totalCount } }`, {}, user.accessToken)).errors).toBeUndefined();
  });
});

describe('HTTP request limits', () => {
  it('answers a body over 1 MB with 413 and a GraphQL error, and takes one just under', async ({ post }) => {
    const padded = (bytes: number) => JSON.stringify({ query: 'query ($pad: String!) { __type(name: $pad) { name } }', variables: { pad: 'x'.repeat(bytes) } });
    const tooLarge = await post(padded(1024 * 1024 + 10));
    expect(tooLarge.status).toBe(413);
    const body = (await tooLarge.json()) as any;
    expect(body.errors[0].message).toMatch(/larger than 1MB/i);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const fits = await post(padded(1000 * 1000));
    expect(fits.status).toBe(200);
    expect(await fits.json()).toEqual({ data: { __type: null } });
  });

  it('answers malformed JSON with 400 and a GraphQL error', async ({ post }) => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('does not run batched requests', async ({ post }) => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].message).toMatch(/batch/i);
    expect(body.data).toBeUndefined();
  });
});

describe('websocket limits', () => {
  it('applies the same document limits to graphql-ws operations', async ({ server, user }) => {
    const client = server.ws(user.accessToken);
    for (const [query, message] of [
      [depthBomb, /depth limit/i],
      [aliases(50), /aliases limit/i],
      [directives(30), /directives limit/i],
      [tokens(OPERATION_LIMITS.maxTokens + 100), /tokens/i],
      [costly(10), /cost limit/i],
    ] as const) {
      const stream = collect(client, query);
      await stream.waitFor(() => stream.error !== undefined || stream.completed);
      const errors = stream.error as { message: string; extensions: { code: string } }[];
      expect(Array.isArray(errors), `${query.slice(0, 40)} was not refused`).toBe(true);
      expect(errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(errors[0]!.message).toMatch(message);
    }
    // The socket is still usable.
    const ok = collect(client, shallow);
    expect((await ok.next(1))[0]!.data).toHaveProperty('__type');
  });

  it(`refuses the ${MAX_SUBSCRIPTIONS_PER_SOCKET + 1}st subscription on a socket with a clear error and keeps the socket open`, async ({ server, user }) => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init({ authorization: `Bearer ${user.accessToken}` });
    for (let i = 1; i <= MAX_SUBSCRIPTIONS_PER_SOCKET + 1; i++) {
      socket.send({ id: String(i), type: 'subscribe', payload: { query: 'subscription { userEvents { id } }' } });
    }
    const refused = await socket.message((message) => message.type === 'error');
    expect(refused.id).toBe(String(MAX_SUBSCRIPTIONS_PER_SOCKET + 1));
    expect(refused.payload[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.payload[0].message).toMatch(/at most 100/i);
    // Still open: ending one subscription makes room for another.
    socket.send({ id: '1', type: 'complete' });
    socket.send({ id: 'extra', type: 'subscribe', payload: { query: '{ __typename }' } });
    const answer = await socket.message((message) => message.id === 'extra' && message.type === 'next');
    expect(answer.payload.data).toEqual({ __typename: 'Query' });
    expect(socket.messages.filter((message) => message.type === 'error')).toHaveLength(1);
    socket.socket.close();
  });

  it(`closes a socket that sends a message over ${MAX_WS_PAYLOAD_BYTES / 1024} KB (1009), and takes one under`, async ({ server }) => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init();
    const message = (padding: number) => ({ id: 'big', type: 'subscribe', payload: { query: '{ __typename }', variables: { pad: 'x'.repeat(padding) } } });
    socket.send(message(MAX_WS_PAYLOAD_BYTES - 200));
    expect((await socket.message((m) => m.id === 'big' && m.type === 'next')).payload.data).toEqual({ __typename: 'Query' });
    socket.send(message(MAX_WS_PAYLOAD_BYTES));
    expect((await socket.closed).code).toBe(1009);
  });
});

/** One family: four people joined by three zero-width joiners, seven code points, eleven UTF-16 units. */
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
/** Characters that show nothing, none of which String#trim removes (it does remove U+FEFF). */
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\u180E', '\u00AD', '\uFE0F', '\u3164', '\u{E0020}'];
const ZERO_WIDTH = INVISIBLE.join('');

function fieldsOf(errors: FieldErrors): Record<string, string> {
  try {
    errors.throwIfAny();
  } catch (error) {
    return (error as GraphQLError).extensions.fields as Record<string, string>;
  }
  return {};
}

describe('text rules', () => {
  it.for([
    ['name', 'users', `mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }`,
      { input: { username: 'zero_width', email: 'zero-width@example.com', password: 'a good password', name: ZERO_WIDTH } }],
    ['name', 'domain_event', `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }`, { input: { name: ZERO_WIDTH } }],
    ['body', 'tweet', `mutation ($input: PostTweetInput!) { postTweet(input: $input) { id } }`, { input: { body: ` ${ZERO_WIDTH}\n` } }],
    ['title', 'task', `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, { input: { title: ZERO_WIDTH } }],
    ['title', 'prompt', `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { id } }`, { input: { title: ZERO_WIDTH, content: 'fine' } }],
    ['content', 'prompt', `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { id } }`, { input: { title: 'fine', content: ZERO_WIDTH } }],
  ] as const)('refuses a %s of only zero-width characters and stores nothing (%s)', async ([field, table, mutation, variables], { count, server, user }) => {
    const before = await count(table);
    const result = await server.graphql(mutation, variables, user.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty(field);
    expect(result.data ?? null).toBeNull();
    expect(await count(table)).toBe(before);
  });

  it('counts a name and a tweet in user-perceived characters: 15 families is a 15-character name', () => {
    const fits = new FieldErrors();
    expect(rules.name(fits, FAMILY.repeat(15))).toBe(FAMILY.repeat(15));
    tweetRules.body(fits, FAMILY.repeat(280));
    expect(fieldsOf(fits)).toEqual({});
    const over = new FieldErrors();
    rules.name(over, FAMILY.repeat(101));
    tweetRules.body(over, FAMILY.repeat(281));
    expect(Object.keys(fieldsOf(over))).toEqual(['name', 'body']);
  });

  it('stores a name of 15 families, a tweet of 280 and a task title of 200 whole (the columns hold what the rules allow)', async ({ server, user }) => {
    const name = FAMILY.repeat(15);
    const profile = await server.graphql(`mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }`, { input: { name } }, user.accessToken);
    expect(profile.errors).toBeUndefined();
    expect(profile.data!.updateProfile.name).toBe(name);
    const tweet = await server.graphql(`mutation ($input: PostTweetInput!) { postTweet(input: $input) { body } }`, { input: { body: FAMILY.repeat(280) } }, user.accessToken);
    expect(tweet.errors).toBeUndefined();
    expect(tweet.data!.postTweet.body).toBe(FAMILY.repeat(280));
    const task = await server.graphql(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { title } }`, { input: { title: FAMILY.repeat(200) } }, user.accessToken);
    expect(task.errors).toBeUndefined();
  });

  it('stores task notes of 5000 families whole: the limit is 5000 characters, not code points', async ({ server, user }) => {
    const notes = FAMILY.repeat(5000);
    const result = await server.graphql(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { notes } }`, { input: { title: 'families', notes } }, user.accessToken);
    expect(result.errors).toBeUndefined();
    expect(result.data!.createTask.notes).toBe(notes);
  });

  it('refuses one character made of 10,000 combining marks, and says the raw size is what is too long', async ({ server, user }) => {
    const zalgo = `a${'\u0301'.repeat(10_000)}`;
    expect(charLength(zalgo)).toBe(1);
    const result = await server.graphql(`mutation ($input: PostTweetInput!) { postTweet(input: $input) { id } }`, { input: { body: zalgo } }, user.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields.body).toMatch(/UTF-16 code units/);
  });

  it('counts clusters the same on the fast path as the segmenter does (property)', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const low = fc.string({ unit: fc.integer({ min: 0, max: 0x2ff }).map((code) => String.fromCharCode(code)), maxLength: 60 });
    const anything = fc.string({ unit: fc.oneof(fc.constantFrom('\r', '\n', 'e', '\u0301', FAMILY, '\u200D'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 30 });
    fc.assert(fc.property(fc.oneof(low, anything), (text) => charLength(text) === [...segmenter.segment(text)].length));
  });

  it('finds text blank exactly when nothing in it shows (property)', () => {
    const invisible = fc.array(fc.constantFrom(...INVISIBLE, ' ', '\t', '\n', '\u00A0', '\u3000', '\uFEFF'), { maxLength: 20 });
    fc.assert(fc.property(invisible, (chars) => isBlank(chars.join(''))));
    fc.assert(
      fc.property(invisible, invisible, fc.constantFrom('a', '.', FAMILY, '\u{1F3B6}', '\u4E2D'), (before, after, visible) =>
        !isBlank(before.join('') + visible + after.join('')),
      ),
    );
    fc.assert(fc.property(fc.nat({ max: 60 }), (n) => charLength(FAMILY.repeat(n)) === n));
  });
});

// Forged cursors, which no page gives, written with the server's codec: a keyset cursor wraps a JSON
// array (as text here, to forge what JSON.stringify cannot write), an event cursor a log position.
const keyset = (json: string) => toCursor(json);
const eventCursor = (xact: string, id: string) => encodeCursor({ xactId: BigInt(xact), id: BigInt(id) });
const SOME_ID = '0b7f8a52-7c1e-4c1b-9c57-1d1e0f0a2b3c';
const DATE = '2030-01-01T00:00:00.000Z';

describe('cursors', () => {
  let promptId: string;
  it.beforeAll(async ({ server, user }) => {
    const created = await server.graphql(`mutation { createPrompt(input: { title: "cursors", content: "paged" }) { id } }`, {}, user.accessToken);
    promptId = created.data!.createPrompt.id;
  });

  const TASKS = `query ($after: String) { tasks(after: $after) { totalCount edges { cursor } } }`;
  const TWEETS = `query ($after: String) { tweets(after: $after) { edges { cursor } } }`;
  const USER_TWEETS = `query ($id: ID!, $after: String) { user(id: $id) { tweets(after: $after) { edges { cursor } } } }`;
  const USERS = `query ($after: String) { users(after: $after) { edges { cursor } } }`;
  const PROMPTS = `query ($after: String) { prompts(after: $after) { edges { cursor } } }`;
  const STORIES = `query ($id: ID!, $after: String) { prompt(id: $id) { stories(after: $after) { edges { cursor } } } }`;
  const EVENTS = `query ($after: String) { events(after: $after) { edges { cursor } } }`;

  it.for([
    ['tasks', '[null,null,null]', TASKS],
    ['tasks', `[1e400,"${DATE}","${SOME_ID}"]`, TASKS],
    ['tasks', `["1","${DATE}","${SOME_ID}"]`, TASKS],
    ['tasks', `[1,"2030-02-30T00:00:00.000Z","${SOME_ID}"]`, TASKS],
    ['tasks', `[1,"${DATE}","not-a-uuid"]`, TASKS],
    ['tweets', `["1","${SOME_ID}"]`, TWEETS],
    ['tweets', `["+010000-01-01T00:00:00.000Z","${SOME_ID}"]`, TWEETS],
    ['tweets', `["0000-01-01T00:00:00.000Z","${SOME_ID}"]`, TWEETS],
    ['tweets', `["${DATE}",null]`, TWEETS],
    ['user.tweets', `["99999","${SOME_ID}"]`, USER_TWEETS],
    ['users', '[null,null]', USERS],
    ['users', `["a\\u0000b","${SOME_ID}"]`, USERS],
    ['prompts', `[null,"${SOME_ID}"]`, PROMPTS],
    ['prompt.stories', `["1","${SOME_ID}"]`, STORIES],
    ['prompt.stories', '[null,null]', STORIES],
  ] as const)('%s refuses the cursor %s with BAD_USER_INPUT naming after', async ([_field, json, query], { server, user }) => {
    const result = await server.graphql(query, { after: keyset(json), id: query === STORIES ? promptId : user.id }, user.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty('after');
  });

  it.for([
    ['a transaction id beyond xid8', '18446744073709551616', '1'],
    ['a row id beyond bigint', '1', '9223372036854775808'],
    ['a transaction id not handed out yet', '18446744073709551615', '1'],
    ['a row id the sequence never gave', '1', '9223372036854775807'],
  ] as const)('events refuses an event cursor with %s', async ([_case, xact, id], { server, user }) => {
    const result = await server.graphql(EVENTS, { after: eventCursor(xact, id) }, user.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty('after');
  });

  it('a subscription from a cursor past the head of the log is BAD_USER_INPUT, not a stream that never delivers', async ({ server, user }) => {
    const client = server.ws(user.accessToken);
    for (const [query, after] of [
      ['subscription ($after: String) { taskEvents(after: $after) { cursor } }', eventCursor('18446744073709551615', '1')],
      ['subscription ($after: String) { tweetEvents(after: $after) { cursor } }', eventCursor('1', '9223372036854775807')],
      ['subscription ($after: String) { userEvents(after: $after) { cursor } }', eventCursor('18446744073709551616', '1')],
    ] as const) {
      const stream = collect(client, query, { after });
      await stream.waitFor(() => stream.received.length > 0 || stream.error !== undefined || stream.completed);
      const errors = (stream.received[0]?.errors ?? stream.error) as { extensions: { code: string; fields: Record<string, string> } }[];
      expect(Array.isArray(errors), `${query} was accepted`).toBe(true);
      expect(errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(errors[0]!.extensions.fields).toHaveProperty('after');
    }
  });

  it('answers any cursor, however made, with a page or BAD_USER_INPUT, never INTERNAL_SERVER_ERROR (property)', async ({ server, user }) => {
    const value = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 40 }),
      fc.uuid(),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    );
    const cursor = fc.oneof(
      fc.string({ maxLength: 60 }).map((text) => toCursor(text)),
      fc.array(value, { maxLength: 4 }).map((values) => keyset(JSON.stringify(values))),
      fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 70n }), fc.bigInt({ min: 0n, max: 2n ** 70n })).map(([xact, id]) => eventCursor(String(xact), String(id))),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(TASKS, TWEETS, USERS, PROMPTS, STORIES, EVENTS), cursor, async (query, after) => {
        const result = await server.graphql(query, { after, id: promptId }, user.accessToken);
        return result.errors === undefined || (result.errors[0]!.extensions!.code === 'BAD_USER_INPUT' && 'after' in result.errors[0]!.extensions!.fields);
      }),
      { numRuns: 150 },
    );
  });

  it('still takes the keyset cursors it hands out', async ({ server, user }) => {
    for (let i = 0; i < 3; i++) await server.graphql(`mutation { postTweet(input: { body: "paged ${i}" }) { id } }`, {}, user.accessToken);
    const first = await server.graphql(`query { tweets(first: 1) { pageInfo { endCursor } } }`, {}, user.accessToken);
    const next = await server.graphql(TWEETS, { after: first.data!.tweets.pageInfo.endCursor }, user.accessToken);
    expect(next.errors).toBeUndefined();
    expect(next.data!.tweets.edges.length).toBeGreaterThanOrEqual(2);
  });

  it('still takes an event cursor at the newest event, on the query and on a subscription', async ({ server, user }) => {
    const events = await server.graphql(`query { events(first: 100) { edges { cursor } } }`, {}, user.accessToken);
    const newest = events.data!.events.edges.at(-1).cursor;
    expect((await server.graphql(EVENTS, { after: newest }, user.accessToken)).errors).toBeUndefined();
    const stream = collect(server.ws(user.accessToken), 'subscription ($after: String) { userEvents(after: $after) { cursor } }', { after: newest });
    await server.graphql(`mutation { updateProfile(input: { bio: "after the newest" }) { id } }`, {}, user.accessToken);
    expect((await stream.next(1))[0]!.errors).toBeUndefined();
  });
});
