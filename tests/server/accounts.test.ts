import { describe, expect } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const REGISTER = `mutation ($input: RegisterInput!) {
  register(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id username email name role version } }
}`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id username } } }`;
const REFRESH = `mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { id username email } }`;

const it = test
  .extend('userCount', { scope: 'file' }, ({ server }) => async function userCount(): Promise<number> {
    const [row] = await server.sql<{ count: string }>('select count(*) from users');
    return Number(row!.count);
  });

describe('register', () => {
  it('creates the account, normalises username and email, and signs in', async ({ server }) => {
    const result = await server.graphql(REGISTER, {
      input: { username: '  Alice_1 ', email: ' Alice@Example.COM ', password: 'a good password', name: ' Alice ' },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.register;
    expect(payload.user).toMatchObject({ username: 'alice_1', email: 'alice@example.com', name: 'Alice', role: 'USER', version: 1 });
    expect(new Date(payload.accessTokenExpiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(new Date(payload.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const me = await server.graphql(ME, {}, payload.accessToken);
    expect(me.data!.me).toEqual({ id: payload.user.id, username: 'alice_1', email: 'alice@example.com' });
    const [stored] = await server.sql('select password_hash from users where id = $1', [payload.user.id]);
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it.for([
    ['username', { username: 'ab' }],
    ['username', { username: 'has space' }],
    ['username', { username: 'x'.repeat(33) }],
    ['email', { email: 'not-an-email' }],
    ['password', { password: 'short' }],
    ['password', { password: 'p'.repeat(257) }],
    ['name', { name: '   ' }],
    ['name', { name: 'n'.repeat(101) }],
  ] as const)('rejects a bad %s with BAD_USER_INPUT and stores nothing', async ([field, override], { userCount, server }) => {
    const before = await userCount();
    const input = { username: 'valid_name', email: 'valid@example.com', password: 'a good password', name: 'Valid', ...override };
    const result = await server.graphql(REGISTER, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty(field);
    expect(await userCount()).toBe(before);
  });

  it('treats Alice and alice as one username, and emails case-insensitively (CONFLICT)', async ({ server, userCount }) => {
    await registerUser(server, 'bob');
    const before = await userCount();
    const sameName = await server.graphql(REGISTER, {
      input: { username: 'BOB', email: 'other@example.com', password: 'a good password', name: 'Bob 2' },
    });
    expect(sameName.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const sameEmail = await server.graphql(REGISTER, {
      input: { username: 'bob2', email: 'BOB@example.com', password: 'a good password', name: 'Bob 2' },
    });
    expect(sameEmail.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(sameEmail.errors?.[0]?.message).toMatch(/email/i);
    expect(await userCount()).toBe(before);
  });

  it('records UserRegistered in the same transaction, without secrets', async ({ server }) => {
    const user = await registerUser(server, 'carol');
    const rows = await server.sql(`select type, kind, payload, audience from domain_event where aggregate_id = $1 order by id`, [user.id]);
    expect(rows[0]).toMatchObject({ type: 'UserRegistered', kind: 'CREATED' });
    expect(JSON.stringify(rows[0].payload)).not.toMatch(/argon2|password/i);
    expect(rows[0].audience).toEqual([`user:${user.id}`, 'role:ADMIN']);
  });
});

describe('login', () => {
  it('accepts username or email in any case', async ({ server }) => {
    const user = await registerUser(server, 'dave');
    for (const usernameOrEmail of ['dave', 'DAVE', ' Dave@Example.com ']) {
      const result = await server.graphql(LOGIN, { input: { usernameOrEmail, password: user.password } });
      expect(result.errors).toBeUndefined();
      expect(result.data!.login.user.username).toBe('dave');
    }
  });

  it('gives one generic message for unknown user and wrong password', async ({ server }) => {
    const user = await registerUser(server, 'erin');
    const wrong = await server.graphql(LOGIN, { input: { usernameOrEmail: 'erin', password: 'wrong password' } });
    const unknown = await server.graphql(LOGIN, { input: { usernameOrEmail: 'nobody_here', password: user.password } });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
  });
});

describe('tokens', () => {
  it('rotates refresh tokens; reusing a rotated one revokes the whole family', async ({ server }) => {
    const user = await registerUser(server);
    const first = await server.graphql(REFRESH, { input: { refreshToken: user.refreshToken } });
    expect(first.errors).toBeUndefined();
    const rotated = first.data!.refreshToken;
    expect(rotated.refreshToken).not.toBe(user.refreshToken);
    expect((await server.graphql(ME, {}, rotated.accessToken)).data!.me.id).toBe(user.id);

    const reuse = await server.graphql(REFRESH, { input: { refreshToken: user.refreshToken } });
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The thief's reuse ends the legitimate holder's session too.
    const after = await server.graphql(REFRESH, { input: { refreshToken: rotated.refreshToken } });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await server.graphql(ME, {}, rotated.accessToken)).data!.me).toBeNull();
  });

  it('logout revokes the session and its access token', async ({ server }) => {
    const user = await registerUser(server);
    const result = await server.graphql(`mutation ($input: LogoutInput!) { logout(input: $input) }`, {
      input: { refreshToken: user.refreshToken },
    });
    expect(result.data!.logout).toBe(true);
    expect((await server.graphql(ME, {}, user.accessToken)).data!.me).toBeNull();
    const refresh = await server.graphql(REFRESH, { input: { refreshToken: user.refreshToken } });
    expect(refresh.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a tampered or foreign token', async ({ server }) => {
    const user = await registerUser(server);
    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'access+jwt' })).toString('base64url')}.${payload}.`;
    for (const token of [forged, none, 'garbage']) {
      expect((await server.graphql(ME, {}, token)).data!.me).toBeNull();
      const users = await server.graphql(`{ users { totalCount } }`, {}, token);
      expect(users.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('changePassword and deleteAccount', () => {
  it('changes the password and ends the other sessions, keeping this one', async ({ server }) => {
    const user = await registerUser(server);
    const other = await server.graphql(LOGIN, { input: { usernameOrEmail: user.username, password: user.password } });
    const otherSession = other.data!.login;
    const bad = await server.graphql(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`,
      { input: { currentPassword: 'not it at all', newPassword: 'new password 1' } },
      user.accessToken,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const short = await server.graphql(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`,
      { input: { currentPassword: user.password, newPassword: 'short' } },
      user.accessToken,
    );
    expect(short.errors?.[0]?.extensions?.fields).toHaveProperty('newPassword');
    const ok = await server.graphql(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }`,
      { input: { currentPassword: user.password, newPassword: 'new password 1' } },
      user.accessToken,
    );
    expect(ok.data!.changePassword).toBe(true);
    expect((await server.graphql(ME, {}, user.accessToken)).data!.me.id).toBe(user.id);
    expect((await server.graphql(ME, {}, otherSession.accessToken)).data!.me).toBeNull();
    const oldLogin = await server.graphql(LOGIN, { input: { usernameOrEmail: user.username, password: user.password } });
    expect(oldLogin.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const newLogin = await server.graphql(LOGIN, { input: { usernameOrEmail: user.username, password: 'new password 1' } });
    expect(newLogin.errors).toBeUndefined();
  });

  it('deletes the account only with the right password', async ({ server }) => {
    const user = await registerUser(server);
    const wrong = await server.graphql(
      `mutation { deleteAccount(input: { password: "wrong one!" }) }`,
      {},
      user.accessToken,
    );
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await server.sql('select id from users where id = $1', [user.id])).toHaveLength(1);
    const ok = await server.graphql(
      `mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) }`,
      { input: { password: user.password } },
      user.accessToken,
    );
    expect(ok.data!.deleteAccount).toBe(true);
    expect(await server.sql('select id from users where id = $1', [user.id])).toHaveLength(0);
    expect((await server.graphql(ME, {}, user.accessToken)).data!.me).toBeNull();
    const events = await server.sql(`select type from domain_event where aggregate_id = $1 order by id`, [user.id]);
    expect(events.map((event) => event.type)).toContain('UserDeleted');
  });
});
