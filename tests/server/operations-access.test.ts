import { describe, expect } from 'vitest';
import { TOO_MANY_SOCKETS_CLOSE_CODE } from '../../server/src/app/viewer-registry.js';
import { type TestUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { type RawSocket, rawSocket } from '../helpers/raw-ws.js';

const METRICS_TOKEN = 'metrics-token-that-is-long-enough-to-guess-never';
const MAX_SOCKETS = 3;

const it = chorusTest({ env: { METRICS_TOKEN, MAX_SOCKETS_PER_USER: String(MAX_SOCKETS) } })
  .extend('metricsUrl', { scope: 'file' }, ({ server }) => () => server.url.replace(/\/graphql$/, '/metrics'))
  .extend('signedInSocket', { scope: 'file' }, ({ server }) => async function signedInSocket(user: TestUser): Promise<RawSocket> {
    const socket = await rawSocket(server.wsUrl);
    await socket.init({ authorization: `Bearer ${user.accessToken}` });
    return socket;
  });

describe('METRICS_TOKEN', () => {
  it('refuses /metrics without the token, with a wrong one, and with a user access token', async ({ alice, metricsUrl }) => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${METRICS_TOKEN}x`, `Bearer ${alice.accessToken}`]) {
      const response = await fetch(metricsUrl(), { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('chorus_');
    }
  });

  it('serves the Prometheus text to the bearer of the token', async ({ metricsUrl }) => {
    const response = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('chorus_websocket_connections');
  });
});

describe('MAX_SOCKETS_PER_USER', () => {
  it('closes the oldest socket with 4429 when a user opens one more than the cap; others are unaffected', async ({ signedInSocket, alice, bob }) => {
    const sockets: RawSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS; i++) sockets.push(await signedInSocket(alice));
    const bobs = await signedInSocket(bob);

    const newest = await signedInSocket(alice);
    expect(await sockets[0]!.closed).toMatchObject({ code: TOO_MANY_SOCKETS_CLOSE_CODE });

    // The newest and the rest still work; so does another user's socket.
    for (const socket of [...sockets.slice(1), newest, bobs]) {
      socket.send({ type: 'subscribe', id: 'q', payload: { query: '{ me { id } }' } });
      const next = await socket.message((message) => message.type === 'next' && message.id === 'q');
      expect(next.payload.data.me.id).toBeTruthy();
    }
    for (const socket of [...sockets.slice(1), newest, bobs]) socket.socket.close();
  });

  it('frees a place when a socket closes', async ({ signedInSocket, bob }) => {
    const sockets: RawSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS; i++) sockets.push(await signedInSocket(bob));
    sockets[1]!.socket.close();
    await sockets[1]!.closed;
    const another = await signedInSocket(bob);
    // Under the cap again: nobody is evicted.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const socket of [sockets[0]!, sockets[2]!, another]) expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    for (const socket of [sockets[0]!, sockets[2]!, another]) socket.socket.close();
  });
});

describe('a subscription sent over HTTP', () => {
  it('is refused before execution with a request error, not a masked INTERNAL_SERVER_ERROR', async ({ server, alice }) => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${alice.accessToken}` },
        body: JSON.stringify({ query: 'subscription { tweetEvents { id } }' }),
      });
      // GraphQL over HTTP: 4xx for graphql-response+json; 200 for a legacy application/json client.
      expect(response.status).toBe(accept === 'application/json' ? 200 : 400);
      const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { query: 'is a subscription' } });
      expect(body.errors[0]!.message).toMatch(/websocket/);
    }
  });
});

describe('strings no column may hold', () => {
  const hostile = { nul: 'a\u0000b', escape: 'bell\u0007', loneSurrogate: 'half \uD83D emoji' };

  it('are refused with BAD_USER_INPUT naming the field, over HTTP, before anything is stored', async ({ server, alice }) => {
    for (const [kind, text] of Object.entries(hostile)) {
      const [before] = await server.sql('select name, bio, version from users where id = $1', [alice.id]);
      const viaVariable = await server.graphql(`mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { version } }`, { input: { bio: text } }, alice.accessToken);
      expect(viaVariable.errors?.[0]?.extensions, kind).toMatchObject({ code: 'BAD_USER_INPUT', fields: { bio: expect.any(String) } });
      const viaLiteral = await server.graphql(`{ userByUsername(username: ${JSON.stringify(text)}) { id } }`, {}, alice.accessToken);
      // graphql-js itself refuses a lone surrogate escape in a literal, at parse time.
      const literalCode = kind === 'loneSurrogate' ? 'GRAPHQL_VALIDATION_FAILED' : 'BAD_USER_INPUT';
      expect(viaLiteral.errors?.[0]?.extensions?.code, kind).toBe(literalCode);
      if (literalCode === 'BAD_USER_INPUT') expect(viaLiteral.errors?.[0]?.extensions?.fields, kind).toEqual({ username: expect.any(String) });
      const tweet = await server.graphql(`mutation ($b: String!) { postTweet(input: { body: $b }) { id } }`, { b: text }, alice.accessToken);
      expect(tweet.errors?.[0]?.extensions?.code, kind).toBe('BAD_USER_INPUT');
      const search = await server.graphql(`query ($s: String) { tweets(search: $s) { edges { cursor } } }`, { s: text }, alice.accessToken);
      expect(search.errors?.[0]?.extensions?.code, kind).toBe('BAD_USER_INPUT');
      const login = await server.graphql(`mutation ($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { usernameOrEmail: text, password: 'whatever-it-is' } });
      expect(login.errors?.[0]?.extensions?.code, kind).toBe('BAD_USER_INPUT');
      expect(await server.sql('select name, bio, version from users where id = $1', [alice.id])).toEqual([before]);
    }
    const [{ count }] = await server.sql('select count(*)::int as count from tweet where author_id = $1', [alice.id]);
    expect(count).toBe(0);
  });

  it('are refused the same way over the websocket; tab and newline pass', async ({ server, alice }) => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init({ authorization: `Bearer ${alice.accessToken}` });
    socket.send({ type: 'subscribe', id: 'bad', payload: { query: 'query ($u: String!) { userByUsername(username: $u) { id } }', variables: { u: hostile.nul } } });
    const refused = await socket.message((message) => message.id === 'bad' && message.type === 'error');
    expect(refused.payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { u: expect.any(String) } });
    expect(refused.payload[0].extensions.http).toBeUndefined();
    socket.send({ type: 'subscribe', id: 'ok', payload: { query: 'query ($u: String!) { userByUsername(username: $u) { id } }', variables: { u: 'tab\there\nnewline' } } });
    const allowed = await socket.message((message) => message.id === 'ok' && message.type === 'next');
    // Past the gate: the resolver ran and found nobody of that name.
    expect(allowed.payload.errors[0].extensions.code).toBe('NOT_FOUND');
    socket.socket.close();
  });
});
