import { describe, expect, vi } from 'vitest';
import pg from 'pg';
import { START_OF_LOG } from '../../server/src/events/cursor.js';
import { EventRelay, type RelayOptions } from '../../server/src/events/event-relay.js';
import { EVENTS_CHANNEL } from '../../server/src/events/event-writer.js';
import type { StoredEvent } from '../../server/src/events/stored-event.js';
import { statementRecorder } from '../helpers/sql-statements.js';
import { collect, createTestDatabase, cursorsAscending, eventLog, registerUser, startTestServer, type TestUser, untilLive } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

const USER_EVENTS = `subscription ($after: String) { userEvents(after: $after) { cursor id version user { bio } } }`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { version } }`;

// A slow safety timer: delivery here must come from notifications and reconnects.
const it = chorusTest({ env: { RELAY_POLL_INTERVAL_MS: '600000' } })
  .extend('setBio', { scope: 'file' }, ({ server }) => (user: TestUser, bio: string) => server.graphql(UPDATE_PROFILE, { input: { bio } }, user.accessToken));

/** Commits an event row of `aggregateType` straight into the log, as a writer on some instance does. */
function insertEvent(db: pg.Client, aggregateId: string, aggregateType: 'User' | 'Tweet' | 'Session' = 'User') {
  return db.query(
    `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, audience, payload)
     values ($1, $2, $3, 1, 'UPDATED', '{public}', '{}')`,
    [`${aggregateType}Updated`, aggregateType, aggregateId],
  );
}

/** A relay on a fresh database (reads come from wake-ups, not its poll) and a client to write there. */
async function withRelay(options: Partial<RelayOptions>, run: (relay: EventRelay, db: pg.Client, databaseUrl: string) => Promise<void>): Promise<void> {
  const databaseUrl = await createTestDatabase();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const relay = new EventRelay({ connectionString: databaseUrl, pollIntervalMs: 600_000, ...options });
  try {
    await relay.start();
    await vi.waitFor(() => expect(relay.reads).toBe(1)); // the read after LISTEN
    await run(relay, db, databaseUrl);
  } finally {
    await relay.stop();
    await db.end();
  }
}

describe('event relay', () => {
  it('delivers every event exactly once, in cursor order, under 20 concurrent writers × 50 changes', async ({ server, admin, setBio }) => {
    const writers = await Promise.all(Array.from({ length: 20 }, () => registerUser(server)));
    const writerIds = new Set(writers.map((writer) => writer.id));
    const stream = collect(server.ws(admin.accessToken), USER_EVENTS);
    await untilLive(stream, (attempt) => setBio(admin, `warm-up ${attempt}`));

    const failures: unknown[] = [];
    await Promise.all(
      writers.map(async (writer) => {
        for (let i = 0; i < 50; i++) {
          const result = await setBio(writer, `change ${i}`);
          if (result.errors) failures.push(result.errors);
        }
      }),
    );
    expect(failures).toEqual([]);

    // The writers' changes only: their registrations may reach the stream too, when the relay
    // dispatched them after the subscription started (the history's horizon is cluster-wide).
    const fromWriters = () => stream.received.filter((r) => writerIds.has(r.data?.userEvents.id) && r.data?.userEvents.user?.bio?.startsWith('change '));
    await stream.waitFor(() => fromWriters().length >= 1000, 60_000);
    // Anything extra (a duplicate) would arrive right behind; give it the chance.
    await setBio(admin, 'end marker');
    await stream.waitFor(() => stream.received.some((r) => r.data?.userEvents.user?.bio === 'end marker'));

    const events = fromWriters().map((r) => r.data!.userEvents);
    expect(events).toHaveLength(1000);
    expect(new Set(events.map((event) => `${event.id}@${event.version}`)).size).toBe(1000);
    expect(cursorsAscending(stream.received.map((r) => r.data!.userEvents.cursor), await eventLog(server, admin, 'User'))).toBe(true);
    for (const writer of writers) {
      const versions = events.filter((event) => event.id === writer.id).map((event) => event.version);
      // Registration was version 1; fifty changes make versions 2..51, each once.
      expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    }
  }, 90_000);

  it('reconnects its LISTEN connection after pg_terminate_backend and loses nothing', async ({ server, setBio }) => {
    const user = await registerUser(server);
    const stream = collect(server.ws(user.accessToken), USER_EVENTS);
    await untilLive(stream, (attempt) => setBio(user, `warm-up ${attempt}`));
    const before = stream.received.length;

    const terminated = await server.sql(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity
       where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`,
    );
    expect(terminated.length).toBeGreaterThan(0);
    // Written while the relay has no LISTEN connection.
    for (const bio of ['while down 1', 'while down 2']) expect((await setBio(user, bio)).errors).toBeUndefined();
    await stream.waitFor(() => stream.received.length >= before + 2, 15_000);

    await stream.waitFor(async () => {
      const listeners = await server.sql(`select 1 from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'`);
      return listeners.length > 0;
    });
    await setBio(user, 'after reconnect');
    await stream.waitFor(() => stream.received.some((r) => r.data?.userEvents.user?.bio === 'after reconnect'), 15_000);
    const bios = stream.received.slice(before).map((r) => r.data!.userEvents.user.bio);
    expect(bios).toEqual(['while down 1', 'while down 2', 'after reconnect']);
  });
});

describe('the relay starts at the head of the log', () => {
  it('orders transaction ids as numbers, not as text: 10 comes after 9', async () => {
    const databaseUrl = await createTestDatabase();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const insert = (xact: string) =>
      db.query(
        `insert into domain_event (xact_id, type, aggregate_type, aggregate_id, aggregate_version, kind, audience, payload)
         values ($1::xid8, 'UserProfileUpdated', 'User', 'someone', 1, 'UPDATED', '{public}', '{}') returning id::text`,
        [xact],
      );
    const [newer] = (await insert('10')).rows;
    await insert('9');
    await db.end();
    // Where it starts is where a subscriber without a cursor starts: anything older would be replayed.
    const relay = new EventRelay({ connectionString: databaseUrl, pollIntervalMs: 600_000 });
    try {
      await relay.start();
      expect(relay.currentPosition).toEqual({ xactId: 10n, id: BigInt(newer.id) });
    } finally {
      await relay.stop();
    }
  });
});

describe('replays', () => {
  it('a replay takes the events the relay still keeps from memory, the very objects dispatch handed out, and older ones from the log', async () => {
    const databaseUrl = await createTestDatabase();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const insert = async (id: string) =>
      (await db.query(
        `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, audience, payload)
         values ('UserProfileUpdated', 'User', $1, 1, 'UPDATED', '{public}', '{}') returning id::text`,
        [id],
      )).rows[0].id as string;
    const relay = new EventRelay({ connectionString: databaseUrl, pollIntervalMs: 600_000 });
    const interest = { aggregateTypes: ['User' as const], audiences: () => ['public'] };
    const take = async (stream: AsyncIterableIterator<StoredEvent>, count: number) => {
      const events: StoredEvent[] = [];
      for await (const event of stream) if (events.push(event) === count) break;
      return events;
    };
    try {
      for (const id of ['old-1', 'old-2', 'old-3']) await insert(id);
      await relay.start(); // the old ones were never dispatched here: only the log has them
      const live = relay.subscribe(interest);
      const dispatched = take(live, 3);
      for (const id of ['new-1', 'new-2', 'new-3']) await insert(id);
      relay.wake();
      const handedOut = await dispatched;

      const fromStart = await take(relay.subscribe(interest, START_OF_LOG), 6);
      expect(fromStart.map((event) => event.aggregateId)).toEqual(['old-1', 'old-2', 'old-3', 'new-1', 'new-2', 'new-3']);
      // Read from the log (it starts before what the relay keeps): the same events, other objects.
      expect(fromStart.slice(3).map((event) => event.cursor)).toEqual(handedOut.map((event) => event.cursor));
      expect(fromStart[3]).not.toBe(handedOut[0]);
      // Starting inside what the relay keeps: the objects dispatch handed out (a group reuses their serialised result).
      const fromOld = await take(relay.subscribe(interest, fromStart[2]!.position), 3);
      expect(fromOld.map((event) => event.aggregateId)).toEqual(['new-1', 'new-2', 'new-3']);
      expect(fromOld.every((event, i) => event === handedOut[i])).toBe(true);
    } finally {
      await relay.stop();
      await db.end();
    }
  });
});

describe('reads while events wait behind the horizon', () => {
  /**
   * Holds the horizon with an open transaction, commits an event after it, and before the retry is
   * due has other instances announce five commits and the relay's own process five more: how many
   * reads that cost the relay.
   */
  async function readsForTenWakeups(foldWakeups: boolean): Promise<number> {
    // Long enough for every wake-up below to come before it is due, on a slow machine too.
    const RETRY_MS = 5000;
    let reads = -1;
    await withRelay({ horizonRetryMs: RETRY_MS, foldWakeups }, async (relay, writer, databaseUrl) => {
      const holder = new pg.Client({ connectionString: databaseUrl });
      await holder.connect();
      const dispatched: string[] = [];
      relay.observe((event) => dispatched.push(event.aggregateId));
      const settled = () => new Promise((resolve) => setTimeout(resolve, 300));
      try {
        await settled();
        await holder.query('begin');
        await insertEvent(holder, 'older');
        await insertEvent(writer, 'newer');
        relay.wake();
        await vi.waitFor(() => expect(relay.reads).toBe(2));
        await settled();
        expect(dispatched).toEqual([]);
        for (let i = 0; i < 5; i++) await writer.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, `another-instance-${i}`]);
        await settled();
        for (let i = 0; i < 5; i++) {
          relay.announce(['User'], { notify: false });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await settled();
        reads = relay.reads - 2;
        await holder.query('commit');
        await vi.waitFor(() => expect(dispatched).toEqual(['older', 'newer']), { timeout: RETRY_MS * 2 });
      } finally {
        await holder.end();
      }
    });
    return reads;
  }

  it('a commit or a notification that comes while a retry is due folds into it, and the waiting events still arrive in order', async () => {
    expect(await readsForTenWakeups(true)).toBe(0);
  });

  it("without folding (the bench's 'in-transaction' variant, Chorus before issue 16) they read", async () => {
    // The notifications may fold into one read in flight; each commit, 100 ms apart, reads.
    expect(await readsForTenWakeups(false)).toBeGreaterThanOrEqual(6);
  });
});

describe('announcements name their aggregate types', () => {
  it('another instance\'s events of types nobody here follows wait for the next read; a followed type, or a subscriber, reads at once', async () => {
    await withRelay({ promptTypes: ['Session'] }, async (relay, db) => {
      const dispatched: string[] = [];
      relay.observe((event) => dispatched.push(event.aggregateId));
      /** Commits an event of `type` and announces it as another instance does. */
      const commitElsewhere = async (type: 'Tweet' | 'Session', id: string) => {
        await insertEvent(db, id, type);
        await db.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, `another-instance ${type}`]);
      };
      const settled = () => new Promise((resolve) => setTimeout(resolve, 300));
      await commitElsewhere('Tweet', 'tweet-1');
      await settled();
      expect([relay.reads, dispatched]).toEqual([1, []]);
      // A type the process needs at once: read, with what waited before it, in order.
      await commitElsewhere('Session', 'session-1');
      await vi.waitFor(() => expect(dispatched).toEqual(['tweet-1', 'session-1']));

      // A stream that starts now starts after what was announced, though not read yet...
      await commitElsewhere('Tweet', 'tweet-2');
      await settled();
      expect(dispatched).toEqual(['tweet-1', 'session-1']);
      await relay.caughtUp();
      expect(dispatched).toEqual(['tweet-1', 'session-1', 'tweet-2']);
      const stream = relay.subscribe({ aggregateTypes: ['Tweet'], audiences: () => ['public'] });
      const first = stream.next();
      // ...and with a subscriber here, Tweet announcements are read at once.
      await commitElsewhere('Tweet', 'tweet-3');
      expect((await first).value?.aggregateId).toBe('tweet-3');
      await stream.return();
    });
  });

  it('a stream that starts now starts after this process\'s own commit, though the read after it is still running', async () => {
    await withRelay({}, async (relay, db) => {
      const commitHere = async (id: string) => {
        await insertEvent(db, id);
        relay.announce(['User'], { notify: false });
      };
      // Answered, as a mutation is, once committed: the relay's read of it has only just begun.
      await commitHere('before');
      await relay.caughtUp();
      const stream = relay.subscribe({ aggregateTypes: ['User'], audiences: () => ['public'] });
      const first = stream.next();
      await commitHere('after');
      expect((await first).value?.aggregateId).toBe('after');
      await stream.return();
    });
  });

  it('a stream opened on an instance that has not read another instance\'s announced events yet starts after them', async () => {
    const writer = await startTestServer({ env: { RELAY_POLL_INTERVAL_MS: '600000' } });
    const reader = await startTestServer({ databaseUrl: writer.databaseUrl, env: { RELAY_POLL_INTERVAL_MS: '600000' } });
    const CREATE = `mutation ($t: String!) { createTask(input: { title: $t }) { id } }`;
    try {
      const user = await registerUser(writer);
      // Nobody on the reader follows tasks: it reads this one later, if at all — once told of it,
      // which it is when this listener is, give or take the two connections.
      const listener = new pg.Client({ connectionString: writer.databaseUrl });
      await listener.connect();
      await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
      const told = new Promise<void>((resolve) => listener.on('notification', (message) => message.payload?.endsWith(' Task') && resolve()));
      await writer.graphql(CREATE, { t: 'before the stream' }, user.accessToken);
      await told;
      await listener.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stream = collect(reader.ws(user.accessToken), `subscription { taskEvents { task { title } } }`);
      let attempt = 0;
      await untilLive(stream, () => writer.graphql(CREATE, { t: `priming ${attempt++}` }, user.accessToken));
      await writer.graphql(CREATE, { t: 'after' }, user.accessToken);
      await stream.waitFor(() => stream.received.some((r) => r.data?.taskEvents.task?.title === 'after'));
      expect(stream.received.map((r) => r.data?.taskEvents.task?.title)).not.toContain('before the stream');
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});

describe('waking relays without a NOTIFY in the writing transaction', () => {
  it('a mutation sends no NOTIFY from its transaction, and its event still reaches a subscriber on another instance', async () => {
    const recorder = statementRecorder();
    const writer = await startTestServer({ start: { onQuery: recorder.onQuery }, env: { RELAY_POLL_INTERVAL_MS: '600000' } });
    const reader = await startTestServer({ databaseUrl: writer.databaseUrl, env: { RELAY_POLL_INTERVAL_MS: '600000' } });
    try {
      const user = await registerUser(writer);
      const stream = collect(reader.ws(user.accessToken), `subscription { taskEvents { task { title } } }`);
      let attempt = 0;
      await untilLive(stream, () => writer.graphql(`mutation ($t: String!) { createTask(input: { title: $t }) { id } }`, { t: `priming ${attempt++}` }, user.accessToken));
      const { statements } = await recorder.during(() =>
        writer.graphql(`mutation { createTask(input: { title: "woken after commit" }) { id } }`, {}, user.accessToken),
      );
      expect(statements.some((sql) => /insert into domain_event/i.test(sql))).toBe(true);
      expect(statements.filter((sql) => /pg_notify|\bnotify\b/i.test(sql))).toEqual([]);
      await stream.waitFor(() => stream.received.some((r) => r.data?.taskEvents.task?.title === 'woken after commit'));
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('an event whose writer never woke anyone (it died after commit) is delivered by the safety read', async () => {
    const quiet = await startTestServer({ env: { RELAY_POLL_INTERVAL_MS: '300' } });
    try {
      const user = await registerUser(quiet);
      const stream = collect(quiet.ws(user.accessToken), `subscription { userEvents { type } }`);
      let attempt = 0;
      await untilLive(stream, () => quiet.graphql(UPDATE_PROFILE, { input: { bio: `priming ${attempt++}` } }, user.accessToken));
      // A priming update made before the subscription was live is never delivered, so count what arrived.
      const primed = stream.received.length;
      await quiet.sql(
        `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, owner_id, audience, payload)
         values ('UserProfileUpdated', 'User', $1::text, 999, 'UPDATED', $1::uuid, array['user:' || $1::text], '{}')`,
        [user.id],
      );
      await stream.waitFor(() => stream.received.length > primed);
      expect(stream.received.at(-1)).toEqual({ data: { userEvents: { type: 'UserProfileUpdated' } } });
    } finally {
      await quiet.close();
    }
  });
});
