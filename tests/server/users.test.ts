import { describe, expect } from 'vitest';
import { makeAdmin, registerUser, startTestServer } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const it = test
  .extend('admin', { scope: 'file' }, async ({ server }) => {
    const user = await registerUser(server, 'users_admin');
    await makeAdmin(server, user);
    return user;
  })
  .extend('viewer', { scope: 'file' }, ({ server }) => registerUser(server, 'users_viewer'));

it.beforeAll(async ({ server }) => {
  for (const name of ['zoe_search', 'zack_search', 'other_person']) await registerUser(server, name);
});

const USERS = `query ($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    totalCount edges { cursor node { id username email } } pageInfo { hasNextPage endCursor }
  }
}`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id name email bio avatarUrl version } }`;

describe('users', () => {
  it('lists users in pages with stable cursors', async ({ server, viewer }) => {
    const first = await server.graphql(USERS, { first: 2 }, viewer.accessToken);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.users;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await server.graphql(USERS, { first: 100, after: page1.pageInfo.endCursor }, viewer.accessToken);
    const names = [...page1.edges, ...second.data!.users.edges].map((edge: any) => edge.node.username);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(page1.totalCount);
  });

  it('searches username and name, ignoring case', async ({ server, viewer }) => {
    const result = await server.graphql(USERS, { search: 'SEARCH' }, viewer.accessToken);
    expect(result.data!.users.edges.map((edge: any) => edge.node.username).sort()).toEqual(['zack_search', 'zoe_search']);
    const literal = await server.graphql(USERS, { search: '%' }, viewer.accessToken);
    expect(literal.data!.users.edges).toHaveLength(0);
  });

  it('shows email only to the user themself and to admins', async ({ server, viewer, admin }) => {
    const asViewer = await server.graphql(USERS, { first: 100 }, viewer.accessToken);
    for (const { node } of asViewer.data!.users.edges) {
      expect(node.email).toBe(node.id === viewer.id ? viewer.email : null);
    }
    const asAdmin = await server.graphql(USERS, { first: 100 }, admin.accessToken);
    expect(asAdmin.data!.users.edges.every((edge: any) => typeof edge.node.email === 'string')).toBe(true);
  });

  it('rejects first above 100 and negative first', async ({ server, viewer }) => {
    for (const first of [101, 100000, -1]) {
      const result = await server.graphql(USERS, { first }, viewer.accessToken);
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.fields).toHaveProperty('first');
    }
  });

  it('finds one user by id or username, and says NOT_FOUND otherwise', async ({ server, viewer }) => {
    const byId = await server.graphql(`query ($id: ID!) { user(id: $id) { username } }`, { id: viewer.id }, viewer.accessToken);
    expect(byId.data!.user.username).toBe('users_viewer');
    const byName = await server.graphql(`{ userByUsername(username: "USERS_VIEWER") { id } }`, {}, viewer.accessToken);
    expect(byName.data!.userByUsername.id).toBe(viewer.id);
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const missing = await server.graphql(`query ($id: ID!) { user(id: $id) { id } }`, { id }, viewer.accessToken);
      expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    }
  });

  it('requires sign-in', async ({ server }) => {
    const result = await server.graphql(USERS, {});
    expect(result.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('updateProfile', () => {
  it('updates the profile and bumps the version', async ({ server }) => {
    const user = await registerUser(server);
    const result = await server.graphql(
      UPDATE_PROFILE,
      { input: { name: ' New Name ', bio: 'Hello', avatarUrl: 'https://example.com/a.png', email: 'NEW_ADDRESS@Example.com', expectedVersion: 1 } },
      user.accessToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateProfile).toMatchObject({
      name: 'New Name',
      bio: 'Hello',
      avatarUrl: 'https://example.com/a.png',
      email: 'new_address@example.com',
      version: 2,
    });
    const cleared = await server.graphql(UPDATE_PROFILE, { input: { avatarUrl: '' } }, user.accessToken);
    expect(cleared.data!.updateProfile.avatarUrl).toBeNull();
  });

  it.for([
    ['name', { name: 'n'.repeat(101) }],
    ['bio', { bio: 'b'.repeat(501) }],
    ['avatarUrl', { avatarUrl: 'http://not-https.example/a.png' }],
    ['avatarUrl', { avatarUrl: 'javascript:alert(1)' }],
    ['email', { email: 'nope' }],
  ] as const)('rejects a bad %s and changes nothing', async ([field, input], { server }) => {
    const user = await registerUser(server);
    const before = await server.sql('select name, bio, avatar_url, email, version from users where id = $1', [user.id]);
    const result = await server.graphql(UPDATE_PROFILE, { input }, user.accessToken);
    expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.fields).toHaveProperty(field);
    expect(await server.sql('select name, bio, avatar_url, email, version from users where id = $1', [user.id])).toEqual(before);
  });

  it('fails with CONFLICT on a stale expectedVersion and changes nothing', async ({ server }) => {
    const user = await registerUser(server);
    await server.graphql(UPDATE_PROFILE, { input: { bio: 'first' } }, user.accessToken);
    const stale = await server.graphql(UPDATE_PROFILE, { input: { bio: 'second', expectedVersion: 1 } }, user.accessToken);
    expect(stale.errors![0]!.extensions!.code).toBe('CONFLICT');
    const [row] = await server.sql('select bio, version from users where id = $1', [user.id]);
    expect(row).toEqual({ bio: 'first', version: 2 });
  });

  it('fails with CONFLICT when the email belongs to someone else', async ({ server, viewer }) => {
    const user = await registerUser(server);
    const result = await server.graphql(UPDATE_PROFILE, { input: { email: viewer.email.toUpperCase() } }, user.accessToken);
    expect(result.errors![0]!.extensions!.code).toBe('CONFLICT');
    const [row] = await server.sql('select email from users where id = $1', [user.id]);
    expect(row.email).toBe(user.email);
  });
});

describe('admin operations', () => {
  const SET_ROLE = `mutation ($id: ID!, $role: Role!) { setUserRole(id: $id, input: { role: $role }) { id role } }`;
  const DELETE_USER = `mutation ($id: ID!) { deleteUser(id: $id) }`;

  it('are FORBIDDEN to non-admins and change nothing', async ({ server, viewer }) => {
    const target = await registerUser(server);
    const promote = await server.graphql(SET_ROLE, { id: viewer.id, role: 'ADMIN' }, viewer.accessToken);
    expect(promote.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const remove = await server.graphql(DELETE_USER, { id: target.id }, viewer.accessToken);
    expect(remove.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await server.sql(`select role from users where id = $1`, [viewer.id])).toEqual([{ role: 'USER' }]);
    expect(await server.sql(`select id from users where id = $1`, [target.id])).toHaveLength(1);
  });

  it('let an admin change roles and delete users', async ({ server, admin }) => {
    const target = await registerUser(server);
    const promoted = await server.graphql(SET_ROLE, { id: target.id, role: 'ADMIN' }, admin.accessToken);
    expect(promoted.data!.setUserRole.role).toBe('ADMIN');
    const demoted = await server.graphql(SET_ROLE, { id: target.id, role: 'USER' }, admin.accessToken);
    expect(demoted.data!.setUserRole.role).toBe('USER');
    const types = await server.sql(`select type from domain_event where aggregate_id = $1 order by id`, [target.id]);
    expect(types.map((row) => row.type)).toEqual(['UserRegistered', 'UserRoleChanged', 'UserRoleChanged']);
    const removed = await server.graphql(DELETE_USER, { id: target.id }, admin.accessToken);
    expect(removed.data!.deleteUser).toBe(true);
    expect(await server.sql(`select id from users where id = $1`, [target.id])).toHaveLength(0);
    const missing = await server.graphql(DELETE_USER, { id: target.id }, admin.accessToken);
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('never lets the last admin demote or delete themself', async () => {
    const lone = await startTestServer();
    try {
      const only = await registerUser(lone, 'only_admin');
      await makeAdmin(lone, only);
      const demote = await lone.graphql(SET_ROLE, { id: only.id, role: 'USER' }, only.accessToken);
      expect(demote.errors![0]!.extensions!.code).toBe('CONFLICT');
      const remove = await lone.graphql(DELETE_USER, { id: only.id }, only.accessToken);
      expect(remove.errors![0]!.extensions!.code).toBe('CONFLICT');
      const deleteOwn = await lone.graphql(`mutation ($p: String!) { deleteAccount(input: { password: $p }) }`, { p: only.password }, only.accessToken);
      expect(deleteOwn.errors![0]!.extensions!.code).toBe('CONFLICT');
      expect(await lone.sql(`select role from users where id = $1`, [only.id])).toEqual([{ role: 'ADMIN' }]);

      const second = await registerUser(lone, 'second_admin');
      await makeAdmin(lone, second);
      const nowAllowed = await lone.graphql(SET_ROLE, { id: only.id, role: 'USER' }, only.accessToken);
      expect(nowAllowed.data!.setUserRole.role).toBe('USER');
    } finally {
      await lone.close();
    }
  });
});
