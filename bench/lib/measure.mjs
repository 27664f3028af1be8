// What every workload measures with: an autocannon run in its own process, the interleaved
// comparison of servers (A B A B …), the Chorus control port, and the machine's load.
import os from 'node:os';
import { cpuSnapshot, fmt, lastJsonLine, median, runProcess } from './util.mjs';

/** One autocannon run in its own process. */
export async function load({ url, body, token, connections, durationSeconds, sequence = false }) {
  const options = { url, body, connections, durationSeconds, sequence, headers: token ? { authorization: `Bearer ${token}` } : {} };
  const stdout = await runProcess(process.execPath, ['bench/load/http.mjs', JSON.stringify(options)], { timeoutMs: (durationSeconds + 60) * 1000 });
  return lastJsonLine(stdout);
}

/** The bench-only control port of `bench/servers/chorus-server.ts` (stats, gc, heap-snapshot). */
export async function control(server, what = 'stats') {
  const response = await fetch(`http://127.0.0.1:${server.info.controlPort}/${what}`);
  return response.json();
}

export function loadavg() {
  return os.loadavg().map((v) => v.toFixed(2)).join(' / ');
}

export async function topProcesses() {
  try {
    const out = await runProcess('ps', ['-eo', 'pcpu,rss,comm', '--sort=-pcpu', '--no-headers'], { timeoutMs: 5000 });
    return out.trim().split('\n').slice(0, 6).map((line) => line.trim().replace(/\s+/g, ' '));
  } catch {
    return [];
  }
}

/** Adds the server's and PostgreSQL's CPU time per request between two `cpuSnapshot`s to `result`. */
export function cpuPerRequest(result, before, after, postmasterPid) {
  result.serverCpuMsPerRequest = (after.processes - before.processes) / Math.max(1, result.requests);
  result.dbCpuMsPerRequest = postmasterPid ? (after.children - before.children) / Math.max(1, result.requests) : null;
  return result;
}

/**
 * Interleaves the candidates' runs (A B A B ...) so drift in background load hits both alike.
 * `othersCpu`: also the CPU the other candidates' processes used meanwhile, per request of this one.
 * `settle`: awaited after each run, outside every run's time (e.g. until background work is done);
 * with `othersCpu` too, what every candidate's process and PostgreSQL spent from the run's start
 * until settled, per request (`caughtUpCpuMsPerRequest`): work a variant defers past its run is
 * charged to it there, where req/s cannot see it.
 */
export async function compare(candidates, { body, connections, label, othersCpu = false, repeats, warmupSeconds, settle }, { settings: S, log, postmasterPid }) {
  repeats ??= S.repeats;
  warmupSeconds ??= S.warmupSeconds;
  const runs = Object.fromEntries(candidates.map((c) => [c.name, []]));
  for (const c of candidates) {
    log(`${label}: warm-up ${c.name} (${warmupSeconds} s)`);
    await load({ url: c.url, body: c.body ?? body, token: c.token, connections, durationSeconds: warmupSeconds });
  }
  for (let r = 0; r < repeats; r++) {
    // Each repeat starts with the next candidate: a machine that speeds up or slows down over the
    // runs (W6's rose run after run) would otherwise favour whichever always runs later.
    for (const c of [...candidates.slice(r % candidates.length), ...candidates.slice(0, r % candidates.length)]) {
      await c.counter?.reset();
      const others = othersCpu ? candidates.filter((o) => o !== c).map((o) => o.pid) : [];
      const othersBefore = cpuSnapshot(others).processes;
      const cpuBefore = cpuSnapshot([c.pid], postmasterPid());
      // Every candidate's process and PostgreSQL at the run's start: the two snapshots above, together.
      const everyBefore = othersCpu && settle ? { processes: othersBefore + cpuBefore.processes, children: cpuBefore.children } : null;
      const result = await load({ url: c.url, body: c.body ?? body, token: c.token, connections, durationSeconds: S.durationSeconds });
      cpuPerRequest(result, cpuBefore, cpuSnapshot([c.pid], postmasterPid()), postmasterPid());
      if (othersCpu) result.othersCpuMsPerRequest = (cpuSnapshot(others).processes - othersBefore) / Math.max(1, result.requests);
      const statements = await c.counter?.read();
      if (statements) {
        result.statementsPerRequest = statements.total / Math.max(1, result.requests);
        result.topStatements = statements.top;
        result.slowestStatements = statements.byTime;
      }
      result.load = loadavg();
      runs[c.name].push(result);
      await settle?.();
      if (everyBefore) {
        const every = cpuSnapshot(candidates.map((o) => o.pid), postmasterPid());
        result.caughtUpCpuMsPerRequest = (every.processes - everyBefore.processes + every.children - everyBefore.children) / Math.max(1, result.requests);
      }
      log(`${label}: ${c.name} run ${r + 1}/${repeats}: ${fmt.int(result.rps)} req/s, p99 ${result.latency.p99} ms, CPU ${fmt.num(result.serverCpuMsPerRequest * 1000, 0)} µs/req` +
        (result.dbCpuMsPerRequest != null ? ` (+ PostgreSQL ${fmt.num(result.dbCpuMsPerRequest * 1000, 0)} µs)` : '') +
        (result.statementsPerRequest != null ? `, ${result.statementsPerRequest.toFixed(2)} statements/request` : '') +
        (result.non2xx || result.errors ? `, non-2xx ${result.non2xx}, errors ${result.errors}` : ''));
    }
  }
  const summary = {};
  for (const [name, list] of Object.entries(runs)) {
    summary[name] = {
      rps: median(list.map((r) => r.rps)),
      p99: median(list.map((r) => r.latency.p99)),
      p50: median(list.map((r) => r.latency.p50)),
      statementsPerRequest: median(list.map((r) => r.statementsPerRequest)),
      serverCpuMs: median(list.map((r) => r.serverCpuMsPerRequest)),
      dbCpuMs: median(list.map((r) => r.dbCpuMsPerRequest)),
      ...(othersCpu && { othersCpuMs: median(list.map((r) => r.othersCpuMsPerRequest)) }),
      ...(othersCpu && settle && { caughtUpCpuMs: median(list.map((r) => r.caughtUpCpuMsPerRequest)) }),
      failures: list.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      runs: list,
    };
  }
  return summary;
}
