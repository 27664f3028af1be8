import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ChorusError, type ChorusClient, createChorusClient } from '../../sdk/src/chorus-client.js';
import { TweetEventsDocument } from '../../sdk/src/generated/graphql.js';
import { encodeCursor } from '../../server/src/events/cursor.js';

/**
 * The SDK's reconnect logic against a scripted graphql-transport-ws server: what it sends after each
 * reconnect, and what it does with repeated or stale events, decided message by message.
 */
interface Subscribed {
  socket: WebSocket;
  id: string;
  variables: Record<string, unknown>;
  authorization: unknown;
  event(cursor: string): void;
  /** Ends the operation with a graphql-ws `error` message. */
  fail(errors: { message: string; extensions: Record<string, unknown> }[]): void;
  /** An event whose execution failed: `next` with errors and no data. */
  failedEvent(code: string): void;
}

async function scriptedServer(acceptInit: (authorization: unknown) => boolean = () => true) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const inits: unknown[] = [];
  const subscribed: Subscribed[] = [];
  server.on('connection', (socket) => {
    let authorization: unknown;
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; id: string; payload?: { authorization?: unknown; variables?: Record<string, unknown> } };
      if (message.type === 'connection_init') {
        authorization = message.payload?.authorization;
        inits.push(authorization);
        if (acceptInit(authorization)) socket.send(JSON.stringify({ type: 'connection_ack' }));
        else socket.close(4403, 'Forbidden');
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'subscribe') {
        const id = message.id;
        subscribed.push({
          socket,
          id,
          authorization,
          variables: message.payload?.variables ?? {},
          event: (cursor) =>
            socket.send(JSON.stringify({ id, type: 'next', payload: { data: { tweetEvents: { cursor, kind: 'CREATED', id: cursor, tweet: null } } } })),
          fail: (errors) => socket.send(JSON.stringify({ id, type: 'error', payload: errors })),
          failedEvent: (code) =>
            socket.send(JSON.stringify({ id, type: 'next', payload: { data: null, errors: [{ message: 'failed', path: ['tweetEvents'], extensions: { code } }] } })),
        });
      }
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    inits,
    /** Subscribe messages received so far, over every connection. */
    get subscribes() {
      return subscribed.length;
    },
    /** Waits for the `n`th subscribe message (1-based). */
    async subscribe(n: number): Promise<Subscribed> {
      const deadline = Date.now() + 5_000;
      while (subscribed.length < n) {
        if (Date.now() > deadline) throw new Error(`no subscribe #${n}; inits: ${JSON.stringify(inits)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return subscribed[n - 1]!;
    },
    close: () => {
      for (const socket of server.clients) socket.terminate();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// The server's event cursors, as its codec writes them: the SDK orders them (sdk/src/chorus-client.ts).
const cursor = (xact: number, id: number) => encodeCursor({ xactId: BigInt(xact), id: BigInt(id) });

async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((run) => run()));
});

function client(url: string, options: Partial<Parameters<typeof createChorusClient>[0]> = {}): ChorusClient {
  const created = createChorusClient({ url, getToken: () => 'token', retryDelay: () => 10, ...options });
  cleanup.push(() => created.dispose());
  return created;
}

describe('SDK subscriptions across reconnects (scripted server)', () => {
  it('resubscribes after every reconnect with the cursor of the last event delivered, and never delivers one twice', async () => {
    const server = await scriptedServer();
    cleanup.push(server.close);
    const delivered: string[] = [];
    const subscription = client(server.url).subscribe(TweetEventsDocument, { authorId: 'u1' }, { next: (data) => delivered.push(data.tweetEvents.cursor) });

    const first = await server.subscribe(1);
    expect(first.variables).toEqual({ authorId: 'u1' });
    first.event(cursor(10, 1));
    first.event(cursor(10, 2));
    first.event(cursor(10, 2)); // a repeat
    first.event(cursor(9, 7)); // older than the last one delivered
    await until(() => delivered.length === 2, 'two events');
    first.socket.close(1000, 'Normal Closure'); // graphql-ws retries a normal closure by itself

    const second = await server.subscribe(2);
    expect(second.variables).toEqual({ authorId: 'u1', after: cursor(10, 2) });
    second.event(cursor(10, 2));
    second.event(cursor(12, 3));
    await until(() => delivered.length === 3, 'three events');
    second.socket.terminate(); // no close frame: a crashed server

    const third = await server.subscribe(3);
    expect(third.variables).toEqual({ authorId: 'u1', after: cursor(12, 3) });
    third.event(cursor(12, 4));
    await until(() => delivered.length === 4, 'four events');

    expect(delivered).toEqual([cursor(10, 1), cursor(10, 2), cursor(12, 3), cursor(12, 4)]);
    expect(subscription.cursor).toBe(cursor(12, 4));
  });

  it('starts from the `after` it was given and keeps it until an event arrives', async () => {
    const server = await scriptedServer();
    cleanup.push(server.close);
    const delivered: string[] = [];
    client(server.url).subscribe(TweetEventsDocument, { after: cursor(5, 5) }, { next: (data) => delivered.push(data.tweetEvents.cursor) });
    const first = await server.subscribe(1);
    expect(first.variables).toEqual({ after: cursor(5, 5) });
    first.event(cursor(5, 5)); // not after the cursor given
    first.socket.close(1001, 'Going away');
    const second = await server.subscribe(2);
    expect(second.variables).toEqual({ after: cursor(5, 5) });
    second.event(cursor(6, 1));
    await until(() => delivered.length === 1, 'one event');
    expect(delivered).toEqual([cursor(6, 1)]);
  });

  it('on close 4403 calls onTokenExpired once and reconnects with the token getToken returns next', async () => {
    const server = await scriptedServer((authorization) => authorization === 'Bearer fresh');
    cleanup.push(server.close);
    let token = 'stale';
    let refreshes = 0;
    const chorus = client(server.url, {
      getToken: () => token,
      onTokenExpired: () => {
        refreshes++;
        token = 'fresh';
      },
    });
    chorus.subscribe(TweetEventsDocument, {}, { next: () => {} });
    chorus.subscribe(TweetEventsDocument, { authorId: 'u2' }, { next: () => {} });
    const subscribed = [await server.subscribe(1), await server.subscribe(2)];
    expect(subscribed.map((s) => s.authorization)).toEqual(['Bearer fresh', 'Bearer fresh']);
    expect(server.inits).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(refreshes).toBe(1);
  });

  it('ends the subscription with UNAUTHENTICATED when the token cannot be refreshed', async () => {
    const server = await scriptedServer(() => false);
    cleanup.push(server.close);
    let failure: ChorusError | undefined;
    const chorus = client(server.url, {
      onTokenExpired: () => {
        throw new Error('refresh token revoked');
      },
    });
    chorus.subscribe(TweetEventsDocument, {}, { next: () => {}, error: (error) => (failure = error) });
    await until(() => failure !== undefined, 'the error');
    expect(failure).toBeInstanceOf(ChorusError);
    expect(failure!.code).toBe('UNAUTHENTICATED');
    expect(String(failure!.cause)).toContain('refresh token revoked');
    expect(server.inits).toEqual(['Bearer token']);
  });

  it('on RESUME_REQUIRED subscribes again from extensions.cursor, on the same socket, and delivers each event once', async () => {
    const server = await scriptedServer();
    cleanup.push(server.close);
    const delivered: string[] = [];
    let failure: ChorusError | undefined;
    const subscription = client(server.url, { retryDelay: () => 60_000 }).subscribe(
      TweetEventsDocument,
      { authorId: 'u1', after: cursor(5, 5) },
      { next: (data) => delivered.push(data.tweetEvents.cursor), error: (error) => (failure = error) },
    );
    const first = await server.subscribe(1);
    first.event(cursor(6, 1));
    first.event(cursor(6, 2));
    await until(() => delivered.length === 2, 'two events');
    first.fail([{ message: 'fell behind', extensions: { code: 'RESUME_REQUIRED', cursor: cursor(6, 2) } }]);

    // No back-off on the first resume (retryDelay would wait a minute), no reconnect.
    const second = await server.subscribe(2);
    expect(second.socket).toBe(first.socket);
    expect(server.inits).toHaveLength(1);
    expect(second.variables).toEqual({ authorId: 'u1', after: cursor(6, 2) });
    second.event(cursor(6, 2)); // the server may resend the event at the cursor
    second.event(cursor(7, 1));
    await until(() => delivered.length === 3, 'three events');
    expect(delivered).toEqual([cursor(6, 1), cursor(6, 2), cursor(7, 1)]);
    expect(subscription.cursor).toBe(cursor(7, 1));
    expect(failure).toBeUndefined();
  });

  it('RESUME_REQUIRED before any event resumes from the cursor the server started at', async () => {
    const server = await scriptedServer();
    cleanup.push(server.close);
    const delivered: string[] = [];
    client(server.url).subscribe(TweetEventsDocument, {}, { next: (data) => delivered.push(data.tweetEvents.cursor) });
    const first = await server.subscribe(1);
    first.fail([{ message: 'fell behind', extensions: { code: 'RESUME_REQUIRED', cursor: cursor(3, 3) } }]);
    const second = await server.subscribe(2);
    expect(second.variables).toEqual({ after: cursor(3, 3) });
    second.event(cursor(3, 4));
    await until(() => delivered.length === 1, 'one event');
  });

  it.each([
    ['a refused subscribe (error message)', (subscribed: Subscribed) => subscribed.fail([{ message: 'no', extensions: { code: 'FORBIDDEN' } }]), 'FORBIDDEN'],
    ['an event that failed to execute (next with errors)', (subscribed: Subscribed) => subscribed.failedEvent('INTERNAL_SERVER_ERROR'), 'INTERNAL_SERVER_ERROR'],
  ])('%s ends the subscription with the error and is never retried from the same cursor', async (_, failWith, code) => {
    const server = await scriptedServer();
    cleanup.push(server.close);
    let failure: ChorusError | undefined;
    const delivered: string[] = [];
    client(server.url).subscribe(TweetEventsDocument, { after: cursor(5, 5) }, { next: (data) => delivered.push(data.tweetEvents.cursor), error: (error) => (failure = error) });
    const first = await server.subscribe(1);
    first.event(cursor(6, 1));
    await until(() => delivered.length === 1, 'one event');
    failWith(first);
    await until(() => failure !== undefined, 'the error');
    expect(failure!.code).toBe(code);
    // Time for several retries at the 10 ms retryDelay, had there been any.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.subscribes).toBe(1);
    expect(server.inits).toHaveLength(1);
  });
});
