import { describe, expect } from 'vitest';
import { CreateTaskDocument, EventsDocument, UpdateTaskDocument } from '../../sdk/src/generated/graphql.js';
import { registerUser, sleep } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';
import { eventBurst } from '../helpers/event-burst.js';
import { type RawSocket, rawSocket } from '../helpers/raw-ws.js';

// A burst of large task events (about 10 KB each) for one user's task, written to the log in one
// transaction by copying a real TaskUpdated row: what a busy account produces, without thousands
// of HTTP round trips.
const TASK_EVENTS = `subscription ($after: String) { taskEvents(after: $after) { cursor version task { notes } } }`;
const BIG_NOTES = 'ü'.repeat(5000);

const it = test
  .extend('user', { scope: 'file' }, ({ server }) => registerUser(server))
  /** The user's task with a big update: the event the bursts copy, and the cursor the streams start after. */
  .extend('base', { scope: 'file' }, async ({ call, user }) => {
    const task = await call(user, CreateTaskDocument, { input: { title: 'busy' } });
    await call(user, UpdateTaskDocument, { id: task.id, input: { notes: BIG_NOTES } });
    // The history shows an event once every older transaction has ended (other test files share the server).
    let updated;
    for (let attempt = 0; !updated && attempt < 100; attempt++) {
      if (attempt) await sleep(50);
      const history = await call(user, EventsDocument, { aggregateId: task.id, first: 10 });
      updated = history.edges.find((edge) => edge.node.type === 'TaskUpdated');
    }
    if (!updated) throw new Error('the TaskUpdated event never showed in the history');
    return { id: updated.node.id, cursor: updated.cursor, version: updated.node.aggregateVersion };
  })
  .extend('newestVersion', { scope: 'file' }, ({ server, base }) => () => eventBurst(server, base.id).newestVersion())
  .extend('burst', { scope: 'file' }, ({ server, base }) => (count: number) => eventBurst(server, base.id).burst(count))
  .extend('subscribe', { scope: 'file' }, ({ server, user }) => async function subscribe(after: string, id: string): Promise<RawSocket> {
    const raw = await rawSocket(server.wsUrl);
    await raw.init({ authorization: `Bearer ${user.accessToken}` });
    raw.send({ id, type: 'subscribe', payload: { query: TASK_EVENTS, variables: { after } } });
    return raw;
  });

const versionsOf = (raw: RawSocket, id: string) =>
  raw.messages.filter((m) => m.id === id && m.type === 'next').map((m) => m.payload.data.taskEvents.version as number);

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('slow consumers', () => {
  it('a client that reads keeps up with large events, replayed or live: no cut-off', async ({ burst, subscribe, newestVersion, base }) => {
    await burst(3000); // history: replayed as fast as the client takes it
    const raw = await subscribe(base.cursor, 'reader');
    await burst(2500); // and a live burst meanwhile
    const newest = await newestVersion();
    await raw.message((m) => m.id === 'reader' && (m.type === 'error' || m.payload.data?.taskEvents.version === newest), 60_000);
    expect(raw.messages.filter((m) => m.type === 'error')).toEqual([]);
    expect(versionsOf(raw, 'reader')).toEqual(range(base.version + 1, newest - base.version));
    raw.socket.close();
  }, 90_000);

  it('a client that stops reading ends with RESUME_REQUIRED and its last cursor, and resumes from it with no gap or duplicate', async ({ burst, newestVersion, subscribe, server, base }) => {
    await burst(1500); // history to replay, then the stall happens live
    const replayed = await newestVersion();
    const raw = await subscribe(base.cursor, 'sleeper');
    await raw.message((m) => m.id === 'sleeper' && m.payload?.data?.taskEvents.version === replayed, 30_000);
    const already = versionsOf(raw, 'sleeper');
    (raw.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const subscribers = () => server.chorus.app.relay.subscriberCount;
    expect(subscribers()).toBe(1);
    const count = 3000;
    await burst(count);
    const deadline = Date.now() + 60_000;
    while (subscribers() > 0 && Date.now() < deadline) await sleep(50);
    expect(subscribers(), 'the stalled subscriber was never ended').toBe(0);
    (raw.socket as unknown as { _socket: { resume(): void } })._socket.resume();

    const ended = await raw.message((m) => m.id === 'sleeper' && m.type === 'error', 30_000);
    expect(ended.payload[0].extensions.code).toBe('RESUME_REQUIRED');
    const nexts = raw.messages.filter((m) => m.id === 'sleeper' && m.type === 'next');
    // The cursor is the last one this subscription was sent.
    expect(ended.payload[0].extensions.cursor).toBe(nexts.at(-1)!.payload.data.taskEvents.cursor);
    raw.socket.close();

    const resumed = await subscribe(ended.payload[0].extensions.cursor, 'resumed');
    const newest = await newestVersion();
    await resumed.message((m) => m.id === 'resumed' && (m.type === 'error' || m.payload?.data?.taskEvents.version === newest), 60_000);
    const all = [...versionsOf(raw, 'sleeper'), ...versionsOf(resumed, 'resumed')];
    expect(all.slice(0, already.length)).toEqual(already);
    // Every event after the base, once, in order.
    expect(all).toEqual(range(base.version + 1, newest - base.version));
    expect(all.at(-1)).toBe(newest);
    resumed.socket.close();
  }, 120_000);
});
