import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { EventRelay } from '../../server/src/events/event-relay.js';
import { Backoff } from '../../server/src/shared/backoff.js';
import { createTestDatabase, sleep } from '../helpers/chorus.js';

describe('Backoff', () => {
  it('doubles its ceiling up to the cap, jitters within the upper half, and starts over after reset', () => {
    const lowest = new Backoff(500, 30_000, () => 0);
    const highest = new Backoff(500, 30_000, () => 1);
    const low = Array.from({ length: 10 }, () => lowest.next());
    const high = Array.from({ length: 10 }, () => highest.next());
    expect(high).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(low).toEqual(high.map((ceiling) => ceiling / 2));
    highest.reset();
    expect(highest.next()).toBe(500);
  });

  it('spreads instances that fail together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => new Backoff().next()));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('the relay while the database refuses connections', () => {
  it('retries its LISTEN connection with growing delays, then recovers', async () => {
    const databaseUrl = await createTestDatabase();
    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const failures: number[] = [];
    const relay = new EventRelay({
      connectionString: databaseUrl,
      pollIntervalMs: 600_000,
      onError: (_error, context) => {
        if (context === 'listen') failures.push(Date.now());
      },
    });
    try {
      await relay.start();
      await admin.query(`alter database "${name}" allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
      await sleep(3_500);
      // A fixed 500 ms retry would have failed about seven times by now.
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(failures.length).toBeLessThanOrEqual(4);
      const gaps = failures.slice(1).map((at, i) => at - failures[i]!);
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]! - 50);

      await admin.query(`alter database "${name}" allow_connections true`);
      const before = failures.length;
      await sleep(4_500);
      expect(failures.length).toBeLessThanOrEqual(before + 1);
      const listening = await admin.query(
        `select count(*)::int as n from pg_stat_activity where datname = $1 and query ilike 'LISTEN%'`,
        [name],
      );
      expect(listening.rows[0].n).toBe(1);
    } finally {
      await admin.query(`alter database "${name}" allow_connections true`).catch(() => {});
      await admin.end();
      await relay.stop();
    }
  }, 20_000);
});
