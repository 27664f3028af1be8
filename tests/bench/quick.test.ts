import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../e2e/support.js';

// `npm run bench -- --quick` end to end, for correctness only: the runner starts everything,
// runs every workload and writes a results table. No timing is asserted (numbers come from
// `npm run bench`, never from tests).

const out = mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-quick-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runQuick(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--quick', '--out', path.join(out, 'RESULTS.md')], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, NODE_ENV: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGINT'), 330_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run bench -- --quick', () => {
  it('runs every workload and writes the results table', { timeout: 345_000 }, async () => {
    const { code, output } = await runQuick();
    expect(code, output.slice(-3000)).toBe(0);
    const markdown = readFileSync(path.join(out, 'RESULTS.md'), 'utf8');
    const results = JSON.parse(readFileSync(path.join(out, 'RESULTS.json'), 'utf8'));

    for (const row of ['| W1 trivial query', '| W2 feed', '| W3 `postTweet`', '| W4 fan-out', '| W5 memory', '| W6 write path', '| W4 100 subscribers while W6 writes', '| W7 3 instances', '| Phone', '| Start-up']) {
      expect(markdown).toContain(row);
    }
    expect(markdown).toContain('## Machine and conditions');
    expect(markdown).toContain('## Versions');

    const { w1, w2, w3, w4, w5, w6, w7, phone, startup } = results.workloads;
    expect(w1.error, w1.error).toBeUndefined();
    expect(w1.chorus.rps).toBeGreaterThan(0);
    expect(w1.mercurius.rps).toBeGreaterThan(0);
    expect(w1.chorus.failures).toBe(0);

    expect(w2.error, w2.error).toBeUndefined();
    expect(w2.chorus.rps).toBeGreaterThan(0);
    expect(w2.chorus.failures).toBe(0);
    expect(w2.chorus.statementsPerRequest).toBeGreaterThan(0);
    const { w2x100 } = results.workloads;
    expect(w2x100.error, w2x100.error).toBeUndefined();
    expect(w2x100.first).toBe(100);
    expect(w2x100.chorus.failures).toBe(0);
    expect(markdown).toContain('| W2 feed (100 tweets, signed in)');
    if (w2.postgraphile) expect(w2.postgraphile.rps).toBeGreaterThan(0);
    // PostGraphile needs its own `npm ci`; without a registry it is skipped, and says why.
    else console.warn(`PostGraphile peer skipped: ${w2.peerProblem}`);

    expect(w3.error, w3.error).toBeUndefined();
    expect(w3.baseline.rps).toBeGreaterThan(0);
    expect(w3.withSubscribers.rps).toBeGreaterThan(0);
    expect(w3.withSubscribers.delivered).toBe(1);

    expect(w4.error, w4.error).toBeUndefined();
    expect(w4.levels.length).toBe(3);
    for (const level of w4.levels) {
      expect(level.delivered).toBe(1);
      expect(level.duplicates).toBe(0);
      expect(level.outOfOrder).toBe(0);
      expect(level.p99).toBeGreaterThanOrEqual(0);
    }
    expect(w5.rssPerSubscriberKB).toEqual(expect.any(Number));
    expect(w5.heapPerSubscriberKB).toEqual(expect.any(Number));

    // W7: three instances on one database, a writer on each — every event once, in order, on every instance.
    expect(w7.error, w7.error).toBeUndefined();
    expect(w7.instances.length).toBe(3);
    const { w7Rate, w7Seconds, w7SubscribersPerInstance } = results.settings;
    expect(w7.posted).toEqual([1, 2, 3].map(() => w7Rate * w7Seconds));
    for (const instance of w7.instances) {
      expect(instance.expected).toBe(3 * w7Rate * w7Seconds * w7SubscribersPerInstance);
      expect(instance.received).toBe(instance.expected);
      expect(instance.duplicates).toBe(0);
      expect(instance.outOfOrder).toBe(0);
      expect(instance.errors).toBe(0);
    }

    // W6: the three notification paths side by side, each writing, then subscribers while writing.
    expect(w6.error, w6.error).toBeUndefined();
    for (const mutation of ['postTweet', 'createTask']) {
      for (const server of ['shipped', 'off', 'inTransaction']) {
        expect(w6[mutation][server].rps, `${mutation} ${server}`).toBeGreaterThan(0);
        expect(w6[mutation][server].failures, `${mutation} ${server}`).toBe(0);
      }
    }
    expect(w6.live.error, w6.live.error).toBeUndefined();
    expect(w6.live.posted).toBeGreaterThan(0);
    expect(w6.live.delivered).toBe(1);
    expect(w6.live.duplicates).toBe(0);
    expect(w6.live.outOfOrder).toBe(0);

    // The slow-phone visits (Chromium): both moments reached in every run, the client's files compressed.
    if (existsSync(CHROMIUM)) {
      expect(phone.error, phone.error).toBeUndefined();
      expect(phone.runs.length).toBeGreaterThan(0);
      for (const run of phone.runs) {
        expect(run.usableMs).toBeGreaterThan(0);
        expect(run.firstTweetMs).toBeGreaterThan(0);
      }
      expect(phone.encodings).toEqual(['br']);
    } else expect(phone.error).toMatch(/chromium/);

    // `npm start` builds dist/ first when the sources changed: --quick then skips the measurement.
    if (startup.medianMs == null) {
      expect(startup.error).toMatch(/skipped/);
      console.warn(`start-up: ${startup.error}`);
    } else expect(startup.runs.length).toBeGreaterThan(0);
  });
});
