import { auditServer } from 'graphql-http';
import { describe, expect } from 'vitest';
import pg from 'pg';
import { registerUser, sleep } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { rawSocket } from '../helpers/raw-ws.js';

const it = chorusTest({ env: { WS_CONNECTION_INIT_TIMEOUT_MS: '300' } });

describe('GraphQL over HTTP (graphql-http audit)', () => {
  it('passes every MUST and every SHOULD; only MAYs that CSRF prevention refuses fail (docs/graphql-over-http.md)', async ({ server }) => {
    const results = await auditServer({ url: server.url });
    const failed = (level: string) =>
      results.filter((result) => result.status !== 'ok' && result.name.startsWith(level)).map((result) => result.name);
    expect(failed('MUST')).toEqual([]);
    expect(failed('SHOULD')).toEqual([]);
    // GET without a content-type or Apollo's preflight header is refused as a possible CSRF.
    expect(failed('MAY').sort()).toEqual([
      'MAY accept application/x-www-form-urlencoded formatted GET requests',
      'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
      'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
    ]);
    expect(results.length).toBeGreaterThan(40);
  });
});

describe('graphql-ws protocol probe (raw sockets)', () => {
  const subscribe = (id: string) => ({ id, type: 'subscribe', payload: { query: '{ __typename }' } });

  it('closes a socket that sends no connection_init in time with 4408', async ({ server }) => {
    const socket = await rawSocket(server.wsUrl);
    expect(await socket.closed).toMatchObject({ code: 4408 });
  });

  it('keeps a socket that sent connection_init in time open past that deadline', async ({ server }) => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init();
    const outcome = await Promise.race([socket.closed, sleep(1_000).then(() => 'open')]);
    expect(outcome).toBe('open');
    socket.socket.close();
  });

  it('closes a socket that sends connection_init twice with 4429', async ({ server }) => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init();
    socket.send({ type: 'connection_init' });
    expect(await socket.closed).toMatchObject({ code: 4429 });
  });

  it('closes a socket that subscribes before connection_ack with 4401', async ({ server }) => {
    const socket = await rawSocket(server.wsUrl);
    socket.send(subscribe('early'));
    expect(await socket.closed).toMatchObject({ code: 4401 });
  });

  it('closes a socket that reuses a running subscription id with 4409', async ({ server }) => {
    const user = await registerUser(server);
    const socket = await rawSocket(server.wsUrl);
    await socket.init({ authorization: `Bearer ${user.accessToken}` });
    const live = { id: 'same', type: 'subscribe', payload: { query: 'subscription { userEvents { id } }' } };
    socket.send(live);
    socket.send(live);
    expect(await socket.closed).toMatchObject({ code: 4409 });
  });

  it('closes a socket that sends a malformed message with 4400', async ({ server }) => {
    // Not JSON, JSON that is no message, and messages of no known shape (the transport parses the
    // text before graphql-ws validates it).
    for (const malformed of ['not json', '42', '"subscribe"', 'null', '[]', '{"type":"nope"}', '{"type":"subscribe","id":"1"}']) {
      const socket = await rawSocket(server.wsUrl);
      await socket.init();
      socket.send(malformed);
      expect((await socket.closed).code, malformed).toBe(4400);
    }
  });

  it('keeps a well-behaved socket open past the init timeout', async ({ server }) => {
    const socket = await rawSocket(server.wsUrl);
    await socket.init();
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.send(subscribe('late'));
    expect((await socket.message((message) => message.id === 'late' && message.type === 'next')).payload.data).toEqual({ __typename: 'Query' });
    socket.socket.close(1000);
  });
});

describe('an operation the client completed', () => {
  it('sends nothing more, even a result that was being executed when `complete` arrived', async ({ server }) => {
    const user = await registerUser(server);
    // A position read before the task exists: the subscription replays its TaskCreated.
    const beforeTask = (await server.graphql(`{ tasks(first: 1) { streamCursor } }`, {}, user.accessToken)).data!.tasks.streamCursor as string;
    const created = await server.graphql(`mutation { createTask(input: { title: "in flight" }) { id } }`, {}, user.accessToken);
    expect(created.errors).toBeUndefined();

    const socket = await rawSocket(server.wsUrl);
    await socket.init({ authorization: `Bearer ${user.accessToken}` });
    // Holding the users table makes the event's `owner` wait inside execution.
    const blocker = new pg.Client({ connectionString: server.databaseUrl });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table users in access exclusive mode');
    try {
      socket.send({
        id: 'ended',
        type: 'subscribe',
        payload: { query: `subscription ($after: String) { taskEvents(after: $after) { id task { owner { username } } } }`, variables: { after: beforeTask } },
      });
      await sleep(300); // the replayed TaskCreated is now executing, waiting for the lock
      socket.send({ id: 'ended', type: 'complete' });
      await sleep(100);
    } finally {
      await blocker.query('commit');
      await blocker.end();
    }
    // A later operation on the same socket proves the socket processed everything before it.
    socket.send({ id: 'probe', type: 'subscribe', payload: { query: '{ __typename }' } });
    await socket.message((message) => message.id === 'probe' && message.type === 'complete');
    await sleep(200);
    expect(socket.messages.filter((message) => message.id === 'ended')).toEqual([]);
    socket.socket.close(1000);
  });
});
