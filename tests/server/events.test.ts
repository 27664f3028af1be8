import pg from 'pg';
import { describe, expect } from 'vitest';
import { decodeCursor } from '../../server/src/events/cursor.js';
import { toCursor } from '../../server/src/shared/pagination/index.js';
import { collect, cursorsAscending, makeAdmin, registerUser, sleep, type TestServer, type TestUser, untilLive } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const USER_EVENTS = `subscription ($after: String) {
  userEvents(after: $after) { cursor kind type id version actorId user { id username name email bio } }
}`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id version bio } }`;

const it = test
  .extend('admin', { scope: 'file' }, async ({ server }) => {
    const user = await registerUser(server, 'events_admin');
    await makeAdmin(server, user);
    return user;
  })
  .extend('setBio', { scope: 'file' }, ({ server }) => async function setBio(user: TestUser, bio: string) {
    const result = await server.graphql(UPDATE_PROFILE, { input: { bio } }, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.updateProfile;
  })
  /** Proves a stream without a cursor is live by changing the user's bio until one arrives. */
  .extend('primed', { scope: 'file' }, ({ setBio }) => (stream: ReturnType<typeof collect>, user: TestUser) =>
    untilLive(stream, (attempt) => setBio(user, `primed ${attempt}`)),
  );

describe('userEvents', () => {
  it('delivers a user only their own events, and admins everyone’s', async ({ server, admin, primed, setBio }) => {
    const x = await registerUser(server);
    const y = await registerUser(server);
    const xStream = collect(server.ws(x.accessToken), USER_EVENTS);
    const adminStream = collect(server.ws(admin.accessToken), USER_EVENTS);
    await primed(xStream, x);
    await primed(adminStream, x);

    await setBio(y, 'y private bio');
    await setBio(x, 'x second');
    await xStream.waitFor(() => xStream.received.some((r) => r.data?.userEvents.user?.bio === 'x second'));
    await adminStream.waitFor(() => adminStream.received.some((r) => r.data?.userEvents.user?.bio === 'x second'));

    const xSaw = xStream.received.map((r) => r.data!.userEvents);
    expect(xSaw.every((event) => event.id === x.id)).toBe(true);
    expect(JSON.stringify(xStream.received)).not.toContain('y private bio');
    expect(JSON.stringify(xStream.received)).not.toContain(y.id);
    const adminSaw = adminStream.received.map((r) => r.data!.userEvents);
    expect(adminSaw.map((event) => event.user?.bio)).toEqual(expect.arrayContaining(['y private bio', 'x second']));
    const last = xSaw.at(-1)!;
    expect(last).toMatchObject({ kind: 'UPDATED', type: 'UserProfileUpdated', id: x.id, actorId: x.id });
    expect(last.user.email).toBe(x.email);
  });

  it('resumes after a disconnect: what happened while away arrives once, in order, then live', async ({ server, primed, setBio }) => {
    const user = await registerUser(server);
    const firstClient = server.ws(user.accessToken);
    const first = collect(firstClient, USER_EVENTS);
    await primed(first, user);
    const cursor = first.received.at(-1)!.data!.userEvents.cursor;
    await firstClient.dispose();

    for (const bio of ['away 1', 'away 2', 'away 3']) await setBio(user, bio);

    const resumed = collect(server.ws(user.accessToken), USER_EVENTS, { after: cursor });
    await resumed.next(3);
    await setBio(user, 'live again');
    await resumed.waitFor(() => resumed.received.length >= 4);
    await sleep(300);
    const bios = resumed.received.map((r) => r.data!.userEvents.user.bio);
    expect(bios).toEqual(['away 1', 'away 2', 'away 3', 'live again']);
    const versions = resumed.received.map((r) => r.data!.userEvents.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('without a cursor starts now: nothing from before', async ({ server, setBio, primed }) => {
    const user = await registerUser(server);
    await setBio(user, 'before subscribing');
    const stream = collect(server.ws(user.accessToken), USER_EVENTS);
    await primed(stream, user);
    expect(stream.received.map((r) => r.data!.userEvents.user.bio)).not.toContain('before subscribing');
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async ({ server }) => {
    const user = await registerUser(server);
    const stream = collect(server.ws(user.accessToken), USER_EVENTS, { after: 'not-a-cursor' });
    await stream.waitFor(() => stream.received.length > 0 || stream.error !== undefined);
    const errors = stream.received[0]?.errors ?? (stream.error as any[]);
    expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('requires a signed-in viewer', async ({ server }) => {
    const stream = collect(server.ws(null), USER_EVENTS);
    await stream.waitFor(() => stream.received.length > 0 || stream.error !== undefined);
    const errors = stream.received[0]?.errors ?? (stream.error as any[]);
    expect(errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('re-checks access: a demoted admin’s socket closes, and resuming shows only what they may see now', async ({ server, primed, admin, setBio }) => {
    const formerAdmin = await registerUser(server);
    await makeAdmin(server, formerAdmin);
    const other = await registerUser(server);
    let closedWith: number | undefined;
    const socket = server.ws(formerAdmin.accessToken, { on: { closed: (event: any) => (closedWith = event.code) }, onNonLazyError: () => {} });
    const stream = collect(socket, USER_EVENTS);
    await primed(stream, other);
    const cursor = stream.received.at(-1)!.data!.userEvents.cursor;

    const demote = await server.graphql(
      `mutation ($id: ID!) { setUserRole(id: $id, input: { role: USER }) { role } }`,
      { id: formerAdmin.id },
      admin.accessToken,
    );
    expect(demote.data!.setUserRole.role).toBe('USER');
    await stream.waitFor(() => closedWith !== undefined);
    expect(closedWith).toBe(4403);
    await setBio(other, 'after the demotion');
    await setBio(formerAdmin, 'own change still arrives');

    const resumed = collect(server.ws(formerAdmin.accessToken), USER_EVENTS, { after: cursor });
    await resumed.waitFor(() => resumed.received.some((r) => r.data?.userEvents.user?.bio === 'own change still arrives'));
    expect(resumed.received.map((r) => r.data!.userEvents.type)).toContain('UserRoleChanged');
    expect(JSON.stringify(resumed.received)).not.toContain('after the demotion');
  });
});

describe('websocket authentication', () => {
  it('closes with 4403 on an invalid token at connection_init', async ({ server }) => {
    const closed = new Promise<number>((resolve) => {
      server.ws('not.a.token', { on: { closed: (event: any) => resolve(event.code) } });
    });
    expect(await closed).toBe(4403);
  });
});

describe('events (audit history)', () => {
  const EVENTS = `query ($first: Int, $after: String, $type: String, $id: ID) {
    events(first: $first, after: $after, aggregateType: $type, aggregateId: $id) {
      totalCount edges { cursor node { type kind aggregateType aggregateId aggregateVersion actorId payload } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  /**
   * The history shows an event once every older transaction in the database cluster has ended, and
   * other test files share the cluster: read until `ready` says the events just made are in.
   */
  async function settled(server: TestServer, variables: Record<string, unknown>, token: string, ready: (events: any) => boolean) {
    for (let attempt = 0; ; attempt++) {
      const result = await server.graphql(EVENTS, variables, token);
      if (attempt >= 100 || (result.data?.events && ready(result.data.events))) return result;
      await sleep(50);
    }
  }

  it('shows a user only the events of their own objects, and admins all', async ({ server, setBio, admin }) => {
    const user = await registerUser(server);
    const other = await registerUser(server);
    await setBio(user, 'audited');
    const mine = await settled(server, { first: 100 }, user.accessToken, (events) => events.edges.length >= 2);
    const nodes = mine.data!.events.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.type)).toEqual(['UserRegistered', 'UserProfileUpdated']);
    expect(nodes.every((node: any) => node.aggregateId === user.id)).toBe(true);
    const all = await settled(server, { first: 100, type: 'User', id: other.id }, admin.accessToken, (events) => events.edges.length >= 1);
    expect(all.data!.events.edges.map((edge: any) => edge.node.type)).toEqual(['UserRegistered']);
    expect(JSON.stringify(nodes)).not.toMatch(/password|argon/i);
  });

  it('event cursors sort as strings in the order of the events, and a cursor of the earlier format still pages from the same place', async ({ server, setBio }) => {
    const user = await registerUser(server);
    for (let i = 0; i < 4; i++) await setBio(user, `sorted ${i}`);
    const all = await settled(server, { first: 100 }, user.accessToken, (events) => events.edges.length >= 5);
    const cursors: string[] = all.data!.events.edges.map((edge: any) => edge.cursor);
    expect(cursors).toHaveLength(5);
    expect(new Set(cursors.map((cursor) => cursor.length)).size).toBe(1);
    expect([...cursors].sort()).toEqual(cursors);
    // Before `ev2`, a cursor was base64url of `ev1:<xact>:<id>`: one kept by a client still works.
    const { xactId, id } = decodeCursor(cursors[1]!);
    const legacy = toCursor(`ev1:${xactId}:${id}`);
    const fromLegacy = await server.graphql(EVENTS, { first: 100, after: legacy }, user.accessToken);
    expect(fromLegacy.data!.events.edges.map((edge: any) => edge.cursor)).toEqual(cursors.slice(2));
  });

  it('pages with cursors and caps page size', async ({ server, setBio }) => {
    const user = await registerUser(server);
    for (let i = 0; i < 4; i++) await setBio(user, `page ${i}`);
    await settled(server, { first: 100 }, user.accessToken, (events) => events.edges.length >= 5);
    const first = await server.graphql(EVENTS, { first: 2 }, user.accessToken);
    expect(first.data!.events.totalCount).toBe(5);
    expect(first.data!.events.pageInfo.hasNextPage).toBe(true);
    const second = await server.graphql(EVENTS, { first: 10, after: first.data!.events.pageInfo.endCursor }, user.accessToken);
    expect(second.data!.events.edges).toHaveLength(3);
    expect(second.data!.events.pageInfo.hasNextPage).toBe(false);
    const tooMany = await server.graphql(EVENTS, { first: 101 }, user.accessToken);
    expect(tooMany.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const badCursor = await server.graphql(EVENTS, { first: 2, after: 'garbage' }, user.accessToken);
    expect(badCursor.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('filters by an aggregate the modules list, and refuses a name none lists instead of returning nothing', async ({ server, admin }) => {
    const user = await registerUser(server);
    const known = await server.graphql(EVENTS, { first: 10, type: 'Session', id: user.id }, admin.accessToken);
    expect(known.errors).toBeUndefined();
    const unknown = await server.graphql(EVENTS, { first: 10, type: 'Tasks' }, admin.accessToken);
    expect(unknown.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0]!.message).toMatch(/aggregateType must be one of: .*Task,/);
    expect(unknown.errors![0]!.extensions!.fields).toEqual({ aggregateType: expect.stringContaining('Session') });
  });

  it('pages in commit order: a poller never skips an event that committed after a later one', async ({ server, setBio }) => {
    const user = await registerUser(server);
    const polled = async (after: string | null) => {
      const page = await server.graphql(EVENTS, { first: 100, after, id: user.id }, user.accessToken);
      return page.data!.events as { edges: { cursor: string; node: { aggregateVersion: number } }[]; pageInfo: { endCursor: string | null } };
    };
    // Any transaction still open on the database (the horizon) keeps even the registration out of view for a moment.
    await expect.poll(async () => (await polled(null)).edges.length, { timeout: 10_000 }).toBe(1);
    const start = (await polled(null)).pageInfo.endCursor;
    // A slow writer takes its row id first and commits last.
    const slow = new pg.Client({ connectionString: server.databaseUrl });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query(
        `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, actor_id, owner_id, audience, payload, at)
         select 'UserProfileUpdated', aggregate_type, aggregate_id, 100, 'UPDATED', actor_id, owner_id, audience, payload, now()
         from domain_event where aggregate_id = $1 limit 1`,
        [user.id],
      );
      await setBio(user, 'committed first');
      const whileSlowIsOpen = await polled(start);
      // Nothing past the open transaction is shown yet: it could still commit behind it.
      expect(whileSlowIsOpen.edges).toEqual([]);
      await slow.query('commit');
    } finally {
      await slow.end();
    }
    await expect.poll(async () => (await polled(start)).edges.length, { timeout: 10_000 }).toBe(2);
    const after = await polled(start);
    expect(after.edges.map((edge) => edge.node.aggregateVersion)).toEqual([100, 2]);
    const log = (await polled(null)).edges.map((edge) => edge.cursor);
    expect(cursorsAscending(after.edges.map((edge) => edge.cursor), log)).toBe(true);
  });

  it('writes no event when a mutation fails', async ({ server }) => {
    const user = await registerUser(server);
    const [{ count: before }] = await server.sql(`select count(*) from domain_event where aggregate_id = $1`, [user.id]);
    const stale = await server.graphql(UPDATE_PROFILE, { input: { bio: 'x', expectedVersion: 99 } }, user.accessToken);
    expect(stale.errors![0]!.extensions!.code).toBe('CONFLICT');
    const invalid = await server.graphql(UPDATE_PROFILE, { input: { avatarUrl: 'http://insecure.example' } }, user.accessToken);
    expect(invalid.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const [{ count: after }] = await server.sql(`select count(*) from domain_event where aggregate_id = $1`, [user.id]);
    expect(after).toBe(before);
  });
});
