import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { StartOptions } from '../../server/src/app/chorus.js';
import { EVENTS_CHANNEL } from '../../server/src/events/event-writer.js';
import { statementRecorder } from '../helpers/sql-statements.js';
import { collect, registerUser, startTestServer, type TestServer, untilLive } from '../helpers/chorus.js';

// The bench-only `notifications` start option (W6 compares the three in one run): each mode does
// what it says, so the comparison cannot silently measure something else.

const CREATE_TASK = `mutation ($t: String!) { createTask(input: { title: $t }) { id } }`;
const TASK_EVENTS = `subscription { taskEvents { task { title } } }`;

const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

/** A server in `mode` (no safety read during the test: a wake-up must come from the mode itself), a listener on its channel, a live task stream. */
async function setUp(notifications: StartOptions['notifications']) {
  const recorder = statementRecorder();
  const server: TestServer = await startTestServer({ start: { onQuery: recorder.onQuery, notifications }, env: { RELAY_POLL_INTERVAL_MS: '600000' } });
  opened.push(server);
  const listener = new pg.Client({ connectionString: server.databaseUrl });
  await listener.connect();
  opened.push({ close: () => listener.end() });
  const heard: { payload: string | undefined; at: number }[] = [];
  listener.on('notification', (message) => heard.push({ payload: message.payload, at: Date.now() }));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const user = await registerUser(server);
  const stream = collect(server.ws(user.accessToken), TASK_EVENTS);
  let attempt = 0;
  await untilLive(stream, () => server.graphql(CREATE_TASK, { t: `priming ${attempt++}` }, user.accessToken));
  // Wait out the coalescing window of the priming writes' notifications.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const write = async (title: string) => {
    const sent = heard.length;
    const { result, statements } = await recorder.during(() => server.graphql(CREATE_TASK, { t: title }, user.accessToken));
    expect(result.errors).toBeUndefined();
    await stream.waitFor(() => stream.received.some((r) => r.data?.taskEvents.task?.title === title));
    // Longer than the 25 ms coalescing of 'after-commit': whatever this write sends has arrived.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { statements, notified: heard.slice(sent) };
  };
  return { write, notifications: heard };
}

const isNotify = (sql: string) => /pg_notify|\bnotify\b/i.test(sql);

describe('startChorus({ notifications }) — the bench-only switch W6 compares', () => {
  it("'in-transaction' sends pg_notify inside the writing transaction, after the event row and before the commit", async () => {
    const { write } = await setUp('in-transaction');
    const { statements, notified } = await write('notified inside');
    const begin = statements.findIndex((sql) => /^begin/i.test(sql));
    const insert = statements.findIndex((sql) => /insert into domain_event/i.test(sql));
    const notify = statements.findIndex(isNotify);
    const commit = statements.findIndex((sql) => /^commit/i.test(sql));
    expect(statements.filter(isNotify)).toHaveLength(1);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(begin < insert && insert < notify && notify < commit).toBe(true);
    expect(notified.map((n) => n.payload)).toEqual(['']);
  });

  it("'off' sends no NOTIFY at all, and the process still wakes its own relay", async () => {
    const { write, notifications } = await setUp('off');
    const { statements, notified } = await write('nobody told');
    expect(statements.filter(isNotify)).toEqual([]);
    expect(notified).toEqual([]);
    // Not one, since the server started (registration and the priming tasks wrote events too).
    expect(notifications).toEqual([]);
  });

  it("'after-commit' (the default) sends no NOTIFY from the transaction, then one NOTIFY on its own, signed and naming what was written", async () => {
    const { write } = await setUp(undefined);
    const { statements, notified } = await write('told after commit');
    expect(statements.some((sql) => /insert into domain_event/i.test(sql))).toBe(true);
    expect(statements.filter(isNotify)).toEqual([]);
    expect(notified).toHaveLength(1);
    expect(notified[0]!.payload).toMatch(/^[0-9a-f-]{36} Task$/);
  });
});
