// The runner's handle on the subscriber processes (bench/load/subscribers.mjs), spread so that no
// process holds more than PER_PROCESS sockets.
import { fork } from 'node:child_process';
import path from 'node:path';
import { percentile, sleep, track } from './util.mjs';

const SCRIPT = path.resolve(import.meta.dirname, '../load/subscribers.mjs');
export const PER_PROCESS = 2500;

/**
 * What a workload records of one phase's deliveries: the counts of a pool report (`counts`), and
 * the latency percentiles of `latencies` (sorted here, in place).
 */
export function deliveryFigures(counts, latencies, expected) {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    expected,
    received: counts.received,
    delivered: expected ? counts.received / expected : null,
    duplicates: counts.duplicates,
    // A cursor that did not rise: an event out of order or delivered twice.
    outOfOrder: counts.outOfOrder,
    errors: counts.errors,
    completes: counts.completes,
    closed: counts.closed,
    firstError: counts.firstError,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
  };
}

class Worker {
  constructor(options) {
    this.count = options.count;
    this.child = track(fork(SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    this.child.send({ cmd: 'start', config: options });
    this.waiters = new Map();
    this.child.on('message', (message) => {
      const waiter = this.waiters.get(message.type);
      if (waiter) {
        this.waiters.delete(message.type);
        waiter(message);
      }
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.once('exit', (code, signal) => {
      for (const waiter of this.waiters.values()) waiter({ type: 'exit', error: `subscriber process exited (${code ?? signal})` });
      this.waiters.clear();
    });
  }

  request(type, command, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`subscriber process: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(type, (message) => {
        clearTimeout(timer);
        if (message.type === 'exit') reject(new Error(`${message.error} before ${type}`));
        else resolve(message);
      });
      if (this.child.exitCode !== null) return reject(new Error(`subscriber process is gone (wanted ${type})`));
      if (command) this.child.send(command);
    });
  }
}

export class SubscriberPool {
  constructor({ url, query, tokens }) {
    this.url = url;
    this.query = query;
    this.tokens = tokens;
    this.workers = [];
    this.size = 0;
    this.failed = 0;
    this.firstFailure = null;
  }

  /** Adds `count` subscribers (new processes); resolves once all have sent their subscribe. */
  async grow(count) {
    const started = Date.now();
    const added = [];
    for (let left = count; left > 0; left -= PER_PROCESS) {
      const size = Math.min(PER_PROCESS, left);
      // Rotate the tokens so the subscribers are many different viewers.
      const offset = (this.size + (count - left)) % this.tokens.length;
      const tokens = [...this.tokens.slice(offset), ...this.tokens.slice(0, offset)];
      const worker = new Worker({ url: this.url, query: this.query, tokens, count: size, concurrency: 100 });
      added.push(worker);
    }
    const ready = await Promise.all(added.map((worker) => worker.request('ready', null, 300_000)));
    this.workers.push(...added);
    for (const result of ready) {
      this.size += result.connected;
      this.failed += result.failed;
      this.firstFailure ??= result.firstFailure;
    }
    return { connected: ready.reduce((n, r) => n + r.connected, 0), failed: ready.reduce((n, r) => n + r.failed, 0), ms: Date.now() - started };
  }

  async phase(phase) {
    await Promise.all(this.workers.map((worker) => worker.request('phase', { cmd: 'phase', phase })));
  }

  /** Totals over all processes (with every latency when `latencies`). */
  async report(latencies = false) {
    const reports = await Promise.all(this.workers.map((worker) => worker.request('report', { cmd: 'report', latencies })));
    const total = { received: 0, duplicates: 0, outOfOrder: 0, outOfPhase: 0, errors: 0, completes: 0, closed: 0, firstError: null, bySeq: {}, latencies: [], clientRss: 0 };
    for (const report of reports) {
      for (const key of ['received', 'duplicates', 'outOfOrder', 'outOfPhase', 'errors', 'completes', 'closed']) total[key] += report[key];
      total.firstError ??= report.firstError;
      for (const [seq, n] of Object.entries(report.bySeq)) total.bySeq[seq] = (total.bySeq[seq] ?? 0) + n;
      if (latencies) for (const value of report.latencies) total.latencies.push(value);
      total.clientRss += report.memory;
    }
    return total;
  }

  /** Polls until `done(report)` or no progress for `quietMs`, at most `maxMs`. */
  async drain(done, { quietMs = 3000, maxMs = 60_000 } = {}) {
    const started = Date.now();
    let last = -1;
    let lastChange = Date.now();
    for (;;) {
      const report = await this.report();
      if (done(report)) return report;
      if (report.received !== last) {
        last = report.received;
        lastChange = Date.now();
      }
      if (Date.now() - lastChange > quietMs || Date.now() - started > maxMs) return report;
      await sleep(200);
    }
  }

  async close() {
    for (const worker of this.workers) {
      try {
        worker.child.send({ cmd: 'close' });
      } catch {
        // gone already
      }
    }
    await Promise.race([Promise.all(this.workers.map((worker) => worker.exited)), sleep(5000)]);
    for (const worker of this.workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    this.workers = [];
    this.size = 0;
  }
}
