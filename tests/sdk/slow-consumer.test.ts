import net from 'node:net';
import { describe, expect } from 'vitest';
import { CreateTaskDocument, EventsDocument, TaskEventsDocument, UpdateTaskDocument } from '../../sdk/src/generated/graphql.js';
import { eventBurst } from '../helpers/event-burst.js';
import { sleep } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';
import { stream } from '../helpers/sdk.js';

/**
 * A TCP proxy in front of the server: `stall()` stops reading what the server sends on the
 * websocket (a consumer that stopped reading, as the server sees it), `flow()` reads again.
 */
async function tcpProxy(port: number) {
  const sockets = new Set<net.Socket>();
  const websockets: net.Socket[] = [];
  /** Upstream socket → the client socket it feeds. */
  const clientOf = new Map<net.Socket, net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(socket);
      });
    }
    client.once('data', (first) => {
      if (/^upgrade: websocket/im.test(first.toString('latin1'))) websockets.push(upstream);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    clientOf.set(upstream, client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}/graphql`,
    websockets,
    stall(upstream: net.Socket) {
      upstream.unpipe(clientOf.get(upstream));
      upstream.pause();
    },
    flow(upstream: net.Socket) {
      upstream.pipe(clientOf.get(upstream)!);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => proxy.close(resolve));
    },
  };
}

const BIG_NOTES = 'ü'.repeat(5000);
const it = test
  .extend('proxy', { scope: 'file' }, async ({ server }, { onCleanup }) => {
    const proxy = await tcpProxy(Number(new URL(server.url).port));
    onCleanup(async () => {
      await proxy.close();
    });
    return proxy;
  })
  /**
   * Alice's SDK session through the proxy. `proxy` comes first: fixtures end in reverse, the session
   * before the proxy. Its pings are rare: the stall also holds back the server's pongs, and a ping
   * in the stall (10 s and more) would make the client reconnect — right for a server that stopped
   * answering, but not the resume on the same socket this file watches.
   */
  .extend('subscriber', { scope: 'file' }, ({ proxy, sdk }) => sdk.signUp(proxy.url, undefined, { keepAliveMs: 300_000 }))
  /** A task of alice's with a big update: the event the bursts copy, and the cursor the stream starts after. */
  .extend('base', { scope: 'file' }, async ({ subscriber: alice }) => {
    const { createTask } = await alice.client.mutate(CreateTaskDocument, { input: { title: 'busy' } });
    await alice.client.mutate(UpdateTaskDocument, { id: createTask.id, input: { notes: BIG_NOTES } });
    // The history shows an event once every older transaction has ended (other test files share the server).
    let updated;
    for (let attempt = 0; !updated && attempt < 100; attempt++) {
      if (attempt) await sleep(50);
      const { events } = await alice.client.query(EventsDocument, { aggregateId: createTask.id, first: 10 });
      updated = events.edges.find((edge) => edge.node.type === 'TaskUpdated');
    }
    if (!updated) throw new Error('the TaskUpdated event never showed in the history');
    return { cursor: updated.cursor, version: updated.node.aggregateVersion, eventId: updated.node.id };
  })
  .extend('newestVersion', { scope: 'file' }, ({ server, base }) => () => eventBurst(server, base.eventId).newestVersion())
  .extend('burst', { scope: 'file' }, ({ server, base }) => (count: number) => eventBurst(server, base.eventId).burst(count));

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('an SDK subscriber that falls behind a real server', () => {
  it('is ended with RESUME_REQUIRED and resumes from its cursor by itself, on the same socket: every event once, in order, no error', async ({ burst, newestVersion, server, proxy, subscriber: alice, base }) => {
    const events = stream(alice.client, TaskEventsDocument, { after: base.cursor });
    await burst(500);
    const replayed = await newestVersion();
    await events.waitFor(() => events.received.at(-1)?.taskEvents.version === replayed, 60_000);
    expect(proxy.websockets).toHaveLength(1);
    const socket = proxy.websockets[0]!;
    const subscribers = () => server.chorus.app.relay.subscriberCount;
    expect(subscribers()).toBe(1);

    proxy.stall(socket);
    await burst(3000);
    const deadline = Date.now() + 60_000;
    while (subscribers() > 0 && Date.now() < deadline) await sleep(50);
    expect(subscribers(), 'the server never ended the stalled subscriber').toBe(0);
    proxy.flow(socket);

    const newest = await newestVersion();
    await events.waitFor(() => events.received.at(-1)?.taskEvents.version === newest, 60_000);
    expect(events.error).toBeUndefined();
    expect(events.received.map((event) => event.taskEvents.version)).toEqual(range(base.version + 1, newest - base.version));
    // Resumed by subscribing again, not by a reconnect.
    expect(proxy.websockets).toHaveLength(1);
    expect(subscribers()).toBe(1);
    events.subscription.unsubscribe();
  }, 180_000);
});
