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
