import { describe, expect } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { it } from '../helpers/fixtures.js';

const REFRESH = `mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { id } }`;

describe('refresh rotation under concurrent use of one token', () => {
  // A slow successor insert widens the window in which the losers of the race decide to revoke the
  // family: a successor created after that revocation must not survive it.
  it.beforeAll(async ({ server }) => {
    await server.sql(`create or replace function slow_successor() returns trigger language plpgsql as $$
      begin perform pg_sleep(0.2); return new; end $$`);
    await server.sql(`create trigger slow_successor before insert on refresh_session for each row execute function slow_successor()`);
  });
  it.afterAll(async ({ server }) => {
    await server.sql(`drop trigger slow_successor on refresh_session`);
    await server.sql(`drop function slow_successor()`);
  });

  for (const clients of [2, 5, 10]) {
    it(`${clients} clients at once: at most one usable session remains, and only if nobody was refused`, async ({ server }) => {
      const user = await registerUser(server);
      const results = await Promise.all(
        Array.from({ length: clients }, () => server.graphql(REFRESH, { input: { refreshToken: user.refreshToken } })),
      );
      const winners = results.filter((result) => result.data?.refreshToken).map((result) => result.data!.refreshToken as { accessToken: string; refreshToken: string });
      const refused = results.filter((result) => result.errors);
      expect(winners.length + refused.length).toBe(clients);
      expect(refused.every((result) => result.errors![0]!.extensions!.code === 'UNAUTHENTICATED')).toBe(true);
      expect(winners.length).toBeLessThanOrEqual(1);

      // What each winner got must be dead once anyone presented the token again (reuse revokes the family).
      let usable = 0;
      for (const winner of winners) {
        const me = await server.graphql(ME, {}, winner.accessToken);
        if (me.data?.me?.id === user.id) usable++;
      }
      expect(usable).toBe(refused.length > 0 ? 0 : winners.length);
      const [{ live }] = await server.sql(
        `select count(*)::int as live from refresh_session where user_id = $1 and revoked_at is null and used_at is null`,
        [user.id],
      );
      expect(live).toBe(refused.length > 0 ? 0 : 1);
    });
  }

  it('a refresh whose transaction fails does not burn the token: the retry succeeds', async ({ server }) => {
    const user = await registerUser(server);
    // Make the successor's insert fail once (a sequence, because it is not rolled back with the failure).
    await server.sql(`create sequence refresh_fail_once`);
    await server.sql(`create or replace function fail_once() returns trigger language plpgsql as $$
      begin
        if nextval('refresh_fail_once') = 1 then raise exception 'simulated failure'; end if;
        return new;
      end $$`);
    await server.sql(`create trigger fail_once before insert on refresh_session for each row execute function fail_once()`);
    try {
      const first = await server.graphql(REFRESH, { input: { refreshToken: user.refreshToken } });
      expect(first.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const retry = await server.graphql(REFRESH, { input: { refreshToken: user.refreshToken } });
      expect(retry.errors).toBeUndefined();
      expect((await server.graphql(ME, {}, retry.data!.refreshToken.accessToken)).data?.me?.id).toBe(user.id);
    } finally {
      await server.sql(`drop trigger fail_once on refresh_session`);
      await server.sql(`drop function fail_once()`);
      await server.sql(`drop sequence refresh_fail_once`);
    }
  });
});

describe('refreshToken sent again with its clientMutationId (the first answer was lost)', () => {
  const refresh = (server: Parameters<typeof registerUser>[0], refreshToken: string, clientMutationId?: string) =>
    server.graphql(REFRESH, { input: { refreshToken, ...(clientMutationId === undefined ? {} : { clientMutationId }) } });
  const grantOf = (result: Awaited<ReturnType<typeof refresh>>) => {
    expect(result.errors).toBeUndefined();
    return result.data!.refreshToken as { accessToken: string; refreshToken: string };
  };
  const codeOf = (result: Awaited<ReturnType<typeof refresh>>) => result.errors?.[0]?.extensions?.code;

  it('answers the retry with a new grant for the same session; the lost answer\'s token is spent, and presenting it ends the session', async ({ server }) => {
    const user = await registerUser(server);
    const lost = grantOf(await refresh(server, user.refreshToken, 'exchange-1'));
    const retried = grantOf(await refresh(server, user.refreshToken, 'exchange-1'));
    expect(retried.refreshToken).not.toBe(lost.refreshToken);
    expect((await server.graphql(ME, {}, retried.accessToken)).data?.me?.id).toBe(user.id);
    // A second retry (reloaded twice) is answered too, and spends the first retry's token.
    const again = grantOf(await refresh(server, user.refreshToken, 'exchange-1'));
    expect(codeOf(await refresh(server, retried.refreshToken))).toBe('UNAUTHENTICATED');
    // Whoever held a superseded token and used it: theft, the whole session ends.
    expect(codeOf(await refresh(server, again.refreshToken))).toBe('UNAUTHENTICATED');
    expect((await server.graphql(ME, {}, again.accessToken)).data?.me).toBeNull();
    expect(codeOf(await refresh(server, lost.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('is reuse once the token the first answer carried was used: the session ends', async ({ server }) => {
    const user = await registerUser(server);
    const first = grantOf(await refresh(server, user.refreshToken, 'exchange-1'));
    const next = grantOf(await refresh(server, first.refreshToken));
    expect(codeOf(await refresh(server, user.refreshToken, 'exchange-1'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(server, next.refreshToken))).toBe('UNAUTHENTICATED');
    expect((await server.graphql(ME, {}, next.accessToken)).data?.me).toBeNull();
  });

  for (const [label, second] of [
    ['without an id', undefined],
    ['with another id', 'exchange-2'],
  ] as const) {
    it(`is reuse ${label}: the session ends`, async ({ server }) => {
      const user = await registerUser(server);
      const first = grantOf(await refresh(server, user.refreshToken, 'exchange-1'));
      expect(codeOf(await refresh(server, user.refreshToken, second))).toBe('UNAUTHENTICATED');
      expect(codeOf(await refresh(server, first.refreshToken))).toBe('UNAUTHENTICATED');
      const [{ live }] = await server.sql(`select count(*)::int as live from refresh_session where user_id = $1 and revoked_at is null`, [user.id]);
      expect(live).toBe(0);
    });
  }

  it('refuses an id over 64 characters before anything is spent', async ({ server }) => {
    const user = await registerUser(server);
    const refused = await refresh(server, user.refreshToken, 'x'.repeat(65));
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    grantOf(await refresh(server, user.refreshToken, 'x'.repeat(64)));
  });
});
