import { describe, expect } from 'vitest';
import { Role } from '../../server/src/auth/role.js';
import { ViewerCache } from '../../server/src/auth/viewer.js';
import { registerUser, sleep, type TestServer } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { statementRecorder } from '../helpers/sql-statements.js';

// Checked access tokens are remembered per instance (auth/viewer.ts). Each test first uses a token
// on both instances, so both hold it, then ends what it stands for through A: A must refuse it on
// the very next request, B as soon as its relay has read the event (docs/decisions/022).
/** Needs a signed-in viewer, and asks nothing of the database about the viewer itself. */
const SIGNED_IN_ONLY = `{ tweets(first: 1) { pageInfo { hasNextPage } } }`;
const SESSION_CHECK = /from users u\s+where u\.id = \$1 and exists/;
const recorder = statementRecorder();

async function signedIn(server: TestServer, token: string): Promise<boolean> {
  const result = await server.graphql(SIGNED_IN_ONLY, {}, token);
  if (!result.errors) return true;
  expect(result.errors[0]!.extensions!.code).toBe('UNAUTHENTICATED');
  return false;
}

const it = chorusTest({ start: { onQuery: recorder.onQuery } })
  /** Instance A is the file's server, B its peer on the same database. */
  .extend('a', { scope: 'file' }, ({ server }) => server)
  .extend('b', { scope: 'file' }, ({ peer }) => peer)
  /** Uses the token on both instances, so that both have it cached. */
  .extend('cachedOnBoth', { scope: 'file' }, ({ a, b }) => async function cachedOnBoth(token: string): Promise<void> {
    expect(await signedIn(a, token)).toBe(true);
    expect(await signedIn(b, token)).toBe(true);
  })
  /** B learns through its relay; a token accepted for as long as this means the event never evicted it. */
  .extend('refusedOnB', { scope: 'file' }, ({ b }) => async function refusedOnB(token: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (await signedIn(b, token)) {
      if (Date.now() > deadline) throw new Error('instance B still accepts the token');
      await sleep(50);
    }
  });

describe('the viewer cache', () => {
  it('asks the database once per token, not once per request', async ({ a }) => {
    const user = await registerUser(a);
    const first = await recorder.during(() => signedIn(a, user.accessToken));
    const second = await recorder.during(() => signedIn(a, user.accessToken));
    expect(first.statements.filter((sql) => SESSION_CHECK.test(sql))).toHaveLength(1);
    expect(second.statements.filter((sql) => SESSION_CHECK.test(sql)), second.statements.join('\n')).toHaveLength(0);
  });

  it('refuses a cached token after logout: at once on the instance that revoked, promptly on the other', async ({ a, cachedOnBoth, refusedOnB }) => {
    const user = await registerUser(a);
    await cachedOnBoth(user.accessToken);
    const logout = await a.graphql(`mutation ($t: String!) { logout(input: { refreshToken: $t }) }`, { t: user.refreshToken });
    expect(logout.data!.logout).toBe(true);
    expect(await signedIn(a, user.accessToken)).toBe(false);
    await refusedOnB(user.accessToken);
  });

  it('refuses the other sign-ins after a password change, and keeps the one that made it', async ({ a, cachedOnBoth, refusedOnB, b }) => {
    const user = await registerUser(a);
    const login = await a.graphql(`mutation ($u: String!, $p: String!) { login(input: { usernameOrEmail: $u, password: $p }) { accessToken } }`, {
      u: user.username,
      p: user.password,
    });
    const other = login.data!.login.accessToken as string;
    await cachedOnBoth(other);
    await cachedOnBoth(user.accessToken);
    const changed = await a.graphql(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`,
      { input: { currentPassword: user.password, newPassword: 'another horse battery staple' } },
      user.accessToken,
    );
    expect(changed.errors).toBeUndefined();
    expect(await signedIn(a, other)).toBe(false);
    await refusedOnB(other);
    expect(await signedIn(a, user.accessToken)).toBe(true);
    expect(await signedIn(b, user.accessToken)).toBe(true);
  });

  it("applies a role change to the user's next HTTP request", async ({ a, admin, b }) => {
    const user = await registerUser(a);
    const EMAIL_OF_ADMIN = `query ($id: ID!) { user(id: $id) { email } }`;
    const emailSeen = async (server: TestServer) => (await server.graphql(EMAIL_OF_ADMIN, { id: admin.id }, user.accessToken)).data!.user.email;
    expect(await emailSeen(a)).toBeNull();
    expect(await emailSeen(b)).toBeNull();
    const promoted = await a.graphql(`mutation ($id: ID!) { setUserRole(id: $id, input: { role: ADMIN }) { role } }`, { id: user.id }, admin.accessToken);
    expect(promoted.errors).toBeUndefined();
    expect(await emailSeen(a)).toBe(admin.email);
    const deadline = Date.now() + 5_000;
    while ((await emailSeen(b)) === null) {
      if (Date.now() > deadline) throw new Error('instance B still serves the old role');
      await sleep(50);
    }
    await a.graphql(`mutation ($id: ID!) { setUserRole(id: $id, input: { role: USER }) { role } }`, { id: user.id }, admin.accessToken);
    expect(await emailSeen(a)).toBeNull();
  });

  it("refuses a deleted user's token", async ({ a, cachedOnBoth, admin, refusedOnB }) => {
    const user = await registerUser(a);
    await cachedOnBoth(user.accessToken);
    const deleted = await a.graphql(`mutation ($id: ID!) { deleteUser(id: $id) }`, { id: user.id }, admin.accessToken);
    expect(deleted.data!.deleteUser).toBe(true);
    expect(await signedIn(a, user.accessToken)).toBe(false);
    await refusedOnB(user.accessToken);
  });
});

describe('ViewerCache', () => {
  const signIn = (userId: string, sessionId: string) => ({
    viewer: { id: userId, role: Role.USER, active: true, sessionId },
    expiresAt: new Date(Date.now() + 60_000),
  });
  const revoked = (userId: string, sessionId: string) => ({
    type: 'SessionRevoked',
    aggregateType: 'Session' as const,
    aggregateId: sessionId,
    kind: 'DELETED' as const,
    ownerId: userId,
    payload: {},
  });

  it('does not keep a lookup that an eviction overtook: it may have read the row before the revocation', () => {
    const cache = new ViewerCache(10);
    const startedAt = cache.currentGeneration;
    cache.apply(revoked('u1', 's1'));
    cache.set('token', signIn('u1', 's1'), startedAt);
    expect(cache.get('token')).toBeNull();
  });

  it('evicts only the revoked sign-in, and forgets expired tokens', () => {
    const cache = new ViewerCache(10);
    cache.set('one', signIn('u1', 's1'), cache.currentGeneration);
    cache.set('two', signIn('u1', 's2'), cache.currentGeneration);
    cache.apply(revoked('u1', 's1'));
    expect(cache.get('one')).toBeNull();
    expect(cache.get('two')?.viewer.sessionId).toBe('s2');
    expect(cache.get('two', Date.now() + 120_000)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('hands out a fresh viewer each time (the socket registry changes viewers in place) and stays bounded', () => {
    const cache = new ViewerCache(2);
    cache.set('one', signIn('u1', 's1'), cache.currentGeneration);
    const first = cache.get('one')!;
    first.viewer.active = false;
    expect(cache.get('one')!.viewer.active).toBe(true);
    cache.set('two', signIn('u2', 's2'), cache.currentGeneration);
    cache.get('one'); // now the most recently used
    cache.set('three', signIn('u3', 's3'), cache.currentGeneration);
    expect(cache.get('two')).toBeNull();
    expect(cache.get('one')).not.toBeNull();
    expect(cache.size).toBe(2);
  });
});
