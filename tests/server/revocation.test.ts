import type { Client } from 'graphql-ws';
import { describe, expect } from 'vitest';
import { encodeCursor, START_OF_LOG } from '../../server/src/events/cursor.js';
import { collect, registerUser, rootField, sleep, type TestServer, type TestUser, untilLive } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

// Sign-ins end on every instance through the event log: each test signs in on instance A, keeps a
// socket on instance B, ends the sign-in through A and expects B to close the socket with 4403.
const TASK_EVENTS = `subscription ($after: String) { taskEvents(after: $after) { cursor type id task { title } } }`;
const CREATE_TASK = `mutation ($title: String!) { createTask(input: { title: $title }) { id } }`;
const LOGIN = `mutation ($u: String!, $p: String!) { login(input: { usernameOrEmail: $u, password: $p }) { accessToken refreshToken } }`;

interface WatchedSocket {
  client: Client;
  closed: Promise<{ code: number; reason: string }>;
}

function socketOn(server: TestServer, token: string): WatchedSocket {
  let resolveClosed!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
  const client = server.ws(token, {
    on: { closed: (event: any) => resolveClosed({ code: event.code, reason: event.reason }) },
    onNonLazyError: () => {}, // the close is what the test awaits
  });
  return { client, closed };
}

const it = test
  /** Instance A is the file's server, B its peer on the same database. */
  .extend('a', { scope: 'file' }, ({ server }) => server)
  .extend('b', { scope: 'file' }, ({ peer }) => peer)
  /** A second sign-in of `user`, with its own session. */
  .extend('signIn', { scope: 'file' }, ({ a }) => async function signIn(user: TestUser) {
    const result = await a.graphql(LOGIN, { u: user.username, p: user.password });
    return result.data!.login as { accessToken: string; refreshToken: string };
  })
  /** A live taskEvents stream on B for the session of `token`, proven live by a task `user` creates. */
  .extend('liveTaskStream', { scope: 'file' }, ({ b, a }) => async function liveTaskStream(user: TestUser, token: string) {
    const socket = socketOn(b, token);
    const stream = collect(socket.client, TASK_EVENTS);
    await untilLive(stream, (attempt) => rootField(a, user, CREATE_TASK, { title: `priming ${attempt}` }));
    return { socket, stream };
  });

async function expectEndedWithin(socket: WatchedSocket, ms: number) {
  const outcome = await Promise.race([socket.closed, sleep(ms).then(() => null)]);
  expect(outcome, 'socket still open').not.toBeNull();
  expect(outcome!.code).toBe(4403);
}

describe('a sign-in that ends closes its sockets on every instance', () => {
  it('logout', async ({ a, liveTaskStream, signIn }) => {
    const user = await registerUser(a);
    const { socket, stream } = await liveTaskStream(user, user.accessToken);
    expect((await a.graphql(`mutation ($t: String!) { logout(input: { refreshToken: $t }) }`, { t: user.refreshToken })).data!.logout).toBe(true);
    await expectEndedWithin(socket, 2_000);
    // Nothing reaches the ended session afterwards, even what its user does from another sign-in.
    const other = await signIn(user);
    const seen = stream.received.length;
    await a.graphql(CREATE_TASK, { title: 'after logout' }, other.accessToken);
    await sleep(300);
    expect(stream.received.length).toBe(seen);
  });

  it('changePassword ends the other sign-ins, not the one that made the change', async ({ a, signIn, liveTaskStream }) => {
    const user = await registerUser(a);
    const other = await signIn(user);
    const otherSocket = await liveTaskStream(user, other.accessToken);
    const ownSocket = await liveTaskStream(user, user.accessToken);
    const changed = await a.graphql(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`,
      { input: { currentPassword: user.password, newPassword: 'a new horse battery staple' } },
      user.accessToken,
    );
    expect(changed.errors).toBeUndefined();
    await expectEndedWithin(otherSocket.socket, 2_000);
    // The changing session's socket still works.
    await rootField(a, user, CREATE_TASK, { title: 'still delivered' });
    await ownSocket.stream.waitFor(() => ownSocket.stream.received.some((r) => r.data?.taskEvents.task?.title === 'still delivered'));
    expect(await Promise.race([ownSocket.socket.closed, sleep(200).then(() => 'open')])).toBe('open');
  });

  it('refresh-token reuse revokes the family, and its sockets close', async ({ a, liveTaskStream }) => {
    const user = await registerUser(a);
    const { socket } = await liveTaskStream(user, user.accessToken);
    const REFRESH = `mutation ($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }`;
    expect((await a.graphql(REFRESH, { t: user.refreshToken })).errors).toBeUndefined();
    const replayed = await a.graphql(REFRESH, { t: user.refreshToken });
    expect(replayed.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    await expectEndedWithin(socket, 2_000);
  });

  it('deleteUser and a role change close every socket of that user', async ({ a, liveTaskStream, admin }) => {
    const demoted = await registerUser(a);
    const deleted = await registerUser(a);
    const demotedSocket = await liveTaskStream(demoted, demoted.accessToken);
    const deletedSocket = await liveTaskStream(deleted, deleted.accessToken);
    await rootField(a, admin, `mutation ($id: ID!) { setUserRole(id: $id, input: { role: ADMIN }) { role } }`, { id: demoted.id });
    await expectEndedWithin(demotedSocket.socket, 2_000);
    await rootField(a, admin, `mutation ($id: ID!) { deleteUser(id: $id) }`, { id: deleted.id });
    await expectEndedWithin(deletedSocket.socket, 2_000);
  });

  it('records the revocation in the owner’s audit history', async ({ a, signIn }) => {
    const user = await registerUser(a);
    await a.graphql(`mutation ($t: String!) { logout(input: { refreshToken: $t }) }`, { t: user.refreshToken });
    const other = await signIn(user);
    const history = await a.graphql(
      `{ events(aggregateType: "Session", first: 10) { edges { node { type aggregateId } } } }`,
      {},
      other.accessToken,
    );
    expect(history.data!.events.edges.map((edge: any) => edge.node.type)).toEqual(['SessionRevoked']);
  });

  it('a revoked sign-in cannot open a socket or replay history', async ({ a, b }) => {
    const user = await registerUser(a);
    await a.graphql(`mutation ($t: String!) { logout(input: { refreshToken: $t }) }`, { t: user.refreshToken });
    const socket = socketOn(b, user.accessToken);
    const stream = collect(socket.client, `subscription { userEvents(after: "${encodeCursor(START_OF_LOG)}") { user { email } } }`);
    expect((await socket.closed).code).toBe(4403);
    expect(JSON.stringify(stream.received)).not.toContain(user.email);
  });
});
