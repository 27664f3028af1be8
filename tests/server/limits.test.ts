import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, MAX_WS_PAYLOAD_BYTES } from '../../server/src/app/graphql-ws.js';
import { OPERATION_LIMITS } from '../../server/src/app/operation-limits.js';
import { collect, registerUser, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { rawSocket } from '../helpers/raw-ws.js';

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  user = await registerUser(server);
});
afterAll(async () => {
  await server?.close();
});

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

describe('document limits over HTTP', () => {
  it('refuses a depth bomb and runs the same shape when shallow', async () => {
    expectRefused(await server.graphql(depthBomb), /depth limit of 10 exceeded/i);
    expect((await server.graphql(shallow)).data?.__type.fields.length).toBeGreaterThan(0);
  });

  it('refuses an alias bomb and allows a few aliases', async () => {
    expectRefused(await server.graphql(aliases(50)), /aliases limit of 15 exceeded/i);
    expect(Object.keys((await server.graphql(aliases(OPERATION_LIMITS.maxAliases))).data!)).toHaveLength(OPERATION_LIMITS.maxAliases);
  });

  it('refuses too many directives', async () => {
    expectRefused(await server.graphql(directives(OPERATION_LIMITS.maxDirectives + 5)), /directives limit of 20 exceeded/i);
    expect((await server.graphql(directives(OPERATION_LIMITS.maxDirectives))).errors).toBeUndefined();
  });

  it('refuses a document with too many tokens before parsing it all', async () => {
    expectRefused(await server.graphql(tokens(OPERATION_LIMITS.maxTokens + 100)), /more th[ae][nt] 2000 tokens/i);
    expect((await server.graphql(tokens(500))).errors).toBeUndefined();
  });

  it('refuses a document over the cost limit', async () => {
    expectRefused(await server.graphql(costly(10), {}, user.accessToken), /cost limit of 20000 exceeded/i);
    const fine = await server.graphql(costly(2), {}, user.accessToken);
    expect(fine.errors).toBeUndefined();
  });

  it('refuses `first: 100000` as over the page cap (BAD_USER_INPUT), literal or variable alike', async () => {
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
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers a body over 1 MB with 413 and a GraphQL error, and takes one just under', async () => {
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

  it('answers malformed JSON with 400 and a GraphQL error', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('does not run batched requests', async () => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].message).toMatch(/batch/i);
    expect(body.data).toBeUndefined();
  });
});

describe('websocket limits', () => {
  it('applies the same document limits to graphql-ws operations', async () => {
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

  it(`refuses the ${MAX_SUBSCRIPTIONS_PER_SOCKET + 1}st subscription on a socket with a clear error and keeps the socket open`, async () => {
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

  it(`closes a socket that sends a message over ${MAX_WS_PAYLOAD_BYTES / 1024} KB (1009), and takes one under`, async () => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init();
    const message = (padding: number) => ({ id: 'big', type: 'subscribe', payload: { query: '{ __typename }', variables: { pad: 'x'.repeat(padding) } } });
    socket.send(message(MAX_WS_PAYLOAD_BYTES - 200));
    expect((await socket.message((m) => m.id === 'big' && m.type === 'next')).payload.data).toEqual({ __typename: 'Query' });
    socket.send(message(MAX_WS_PAYLOAD_BYTES));
    expect((await socket.closed).code).toBe(1009);
  });
});
