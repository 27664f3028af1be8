// W4 fan-out: S.w4Levels subscribers in turn; at each level probes until every subscriber is live,
// then posts S.w4Rate tweets/s for S.w4Seconds; latency = receipt − the event's `at`. W5 (memory)
// is measured at S.w5Level with the same subscribers, so both run here. Then the floor: a bare
// `ws` broadcast to as many sockets, at every level with a target (CPU_LEVEL, P99_TARGET_MS) and at the top.
//
// One socket is one file descriptor in the server process: a level the server's open-file limit
// cannot hold (limit − descriptors already open − FD_MARGIN) runs at what it can hold, rounded down
// to a hundred, and says so (`requested`, `fdLimit`) rather than failing on EMFILE.
import { POST_TWEET, TWEET_EVENTS } from '../lib/documents.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { control, loadavg } from '../lib/measure.mjs';
import { deliveryFigures, SubscriberPool } from '../lib/subscriber-pool.mjs';
import { fmt, graphql, lastJsonLine, runProcess, sleep } from '../lib/util.mjs';
import { w5Before, w5Measure } from './w5.mjs';

// Issue 16's targets, by the number of subscribers they are stated for.
const CPU_LEVEL = 10_000; // server CPU per delivery ≤ 1.8× the bare-ws floor at this level
const P99_TARGET_MS = { 5_000: 100, 10_000: 1000 };
const FULL_DELIVERY = new Set([10_000, 20_000]); // 100 % delivered, 0 duplicates
const FD_MARGIN = 70; // PostgreSQL pool, the poster's HTTP connections, the control port, files

/** The open-file limit (soft) of a process and how many descriptors it has open: Linux /proc. */
export function fdBudget(pid) {
  try {
    const limit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1]);
    const open = readdirSync(`/proc/${pid}/fd`).length;
    return Number.isFinite(limit) ? { limit, open, sockets: Math.floor((limit - open - FD_MARGIN) / 100) * 100 } : null;
  } catch {
    return null;
  }
}

/** W4 and W5 as `{ w4, w5 }`; a workload that was not asked for is left out. */
export async function fanOutWorkload(ctx) {
  const { servers, url, tokens, wants, settings: S, log } = ctx;
  const chorus = servers.chorus;
  const w5Level = S.w5Level ?? S.w4Levels.at(-1);
  const w4 = { rate: S.w4Rate, seconds: S.w4Seconds, levels: [] };
  const w5 = { subscribers: w5Level };
  const pool = new SubscriberPool({ url: url('chorus').replace('http', 'ws'), query: TWEET_EVENTS, tokens: tokens.slice(1) });
  const poster = tokens[0];
  const post = (phase, seq) =>
    graphql(url('chorus'), POST_TWEET, { token: poster, variables: { input: { body: `[${phase}:${seq}] fan-out at ${Date.now()}` } } }).then(
      (r) => Boolean(r.data?.postTweet?.id),
      () => false,
    );
  try {
    await sleep(1000);
    const baseline = await w5Before(chorus, ctx);
    w5.baseline = baseline.memory;
    const budget = fdBudget(chorus.info.pid);
    w4.serverFds = budget;
    if (budget) log(`W4: server open-file limit ${budget.limit}, ${budget.open} descriptors open before any subscriber`);
    for (const requested of S.w4Levels) {
      const level = budget ? Math.min(requested, budget.sockets) : requested;
      if (level <= pool.size) continue;
      if (level < requested) {
        log(`W4: the server's open-file limit is ${budget.limit} with ${budget.open} descriptors open: ${level} subscribers instead of ${requested}`);
      }
      log(`W4: connecting to ${level} subscribers`);
      const grown = await pool.grow(level - pool.size);
      const entry = { subscribers: level, requested, connectMs: grown.ms, connectFailed: pool.failed, ...(level < requested && { fdLimit: budget.limit }) };
      w4.levels.push(entry);
      if (pool.failed) throw new Error(`${pool.failed} subscribers could not connect: ${pool.firstFailure}`);
      // A stream without a cursor starts when the server has handled the subscribe message:
      // post probes until one reaches every subscriber.
      const probePhase = `probe${level}`;
      await pool.phase(probePhase);
      let live = false;
      for (let seq = 0; seq < 20 && !live; seq++) {
        await post(probePhase, seq);
        const report = await pool.drain((r) => (r.bySeq[seq] ?? 0) >= level, { quietMs: 1500, maxMs: 10_000 });
        live = (report.bySeq[seq] ?? 0) >= level;
      }
      if (!live) throw new Error(`not every one of ${level} subscribers became live`);
      await sleep(500);
      if (requested === w5Level && wants('w5')) {
        w5.subscribers = level;
        await w5Measure(w5, baseline, level, chorus, ctx);
      }
      if (!wants('w4')) continue;
      const phase = `w4-${level}`;
      await pool.phase(phase);
      const before = await control(chorus);
      const events = S.w4Rate * S.w4Seconds;
      const interval = 1000 / S.w4Rate;
      const t0 = Date.now() + 50;
      const posts = [];
      for (let seq = 0; seq < events; seq++) {
        const wait = t0 + seq * interval - Date.now();
        if (wait > 0) await sleep(wait);
        posts.push(post(phase, seq));
      }
      const posted = (await Promise.all(posts)).filter(Boolean).length;
      const expected = posted * level;
      const report = await pool.drain((r) => r.received >= expected, { quietMs: 5000, maxMs: 120_000 });
      const after = await control(chorus);
      const full = await pool.report(true);
      Object.assign(entry, {
        posted,
        ...deliveryFigures(report, full.latencies, expected),
        serverCpuMsPerEvent: ((after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000) / Math.max(1, posted),
        clientRssMiB: Math.round(full.clientRss / 2 ** 20),
        load: loadavg(),
      });
      log(`W4 ${level}: delivered ${report.received}/${expected}, p50 ${fmt.ms(entry.p50)}, p99 ${fmt.ms(entry.p99)}, ` +
        `server CPU ${entry.serverCpuMsPerEvent.toFixed(1)} ms/event`);
    }
  } catch (error) {
    w4.error = String(error.message ?? error);
    log(`W4/W5 failed: ${w4.error}`);
    if (w5.rssPerSubscriberKB == null) w5.error = w4.error;
  } finally {
    await pool.close();
  }
  if (wants('w4')) {
    const measured = w4.levels.filter((l) => l.delivered != null).map((l) => l.subscribers);
    // At every level a target is stated for, so the p99s too have the floor beside them, and at the top.
    const targeted = w4.levels.filter((l) => l.delivered != null && (l.requested === CPU_LEVEL || P99_TARGET_MS[l.requested])).map((l) => l.subscribers);
    w4.floors = [];
    for (const level of new Set([...targeted, measured.at(-1)].filter(Boolean))) w4.floors.push(await floor(ctx, level));
  }
  return { ...(wants('w4') && { w4 }), ...(wants('w5') && { w5 }) };
}

/**
 * The floor: a bare `ws` server broadcasting one pre-serialised message per event to as many
 * sockets, clients in child processes — what no GraphQL server can beat on this machine.
 */
async function floor({ settings: S, log }, level) {
  log(`W4 floor: bare ws broadcast to ${level} sockets`);
  try {
    const result = lastJsonLine(await runProcess(process.execPath, ['bench/ws-floor.mjs', String(level), String(S.w4Rate * S.w4Seconds), String(S.w4Rate)], { timeoutMs: 300_000 }));
    log(`W4 floor ${level}: p50 ${fmt.ms(result.p50)}, p99 ${fmt.ms(result.p99)}, ${result.serverCpuUsPerDelivery} µs CPU per delivery`);
    return result;
  } catch (error) {
    return { subscribers: level, error: String(error.message ?? error) };
  }
}

/** The level's name in the table: the count it ran at, and the one asked for when the fd limit cut it. */
function levelName(level, rate) {
  const cut = level.requested && level.requested !== level.subscribers ? ` (${fmt.int(level.requested)} asked; open-file limit ${fmt.int(level.fdLimit)})` : '';
  return `W4 fan-out, ${fmt.int(level.subscribers)} subscribers${cut}, ${rate} tweets/s`;
}

export function w4Rows(w4, { row, failed, verdict }) {
  const floors = w4.floors ?? (w4.floor ? [w4.floor] : []);
  const floorAt = (n) => floors.find((f) => !f.error && f.subscribers === n);
  for (const level of w4.levels) {
    if (level.delivered == null) continue;
    const name = levelName(level, w4.rate);
    const asked = level.requested ?? level.subscribers;
    const p99Target = P99_TARGET_MS[asked];
    const full = FULL_DELIVERY.has(asked);
    const f = floorAt(level.subscribers);
    // The floor's latency starts at its loop; Chorus's at the insert, before the commit and the relay's read.
    const floorLatency = f ? `${fmt.ms(f.p50)} / ${fmt.ms(f.p99)} (bare ws, send→receipt)` : '';
    row(name, 'commit→receipt p50 / p99', `${fmt.ms(level.p50)} / ${fmt.ms(level.p99)}`, floorLatency, '', p99Target ? `p99 < ${fmt.ms(p99Target)}` : '', p99Target ? verdict(level.p99 < p99Target) : '');
    row(name, 'delivered; duplicates', `${fmt.pct(level.delivered)} (${fmt.int(level.received)} of ${fmt.int(level.expected)}); ${fmt.int(level.duplicates)}`, '', '', full ? '100 %, 0 duplicates' : '', full ? verdict(level.delivered === 1 && level.duplicates === 0) : '');
    if (f && level.serverCpuMsPerEvent != null) {
      const perDelivery = (level.serverCpuMsPerEvent * 1000) / level.subscribers;
      const ratio = perDelivery / f.serverCpuUsPerDelivery;
      const target = asked === CPU_LEVEL;
      row(name, 'server CPU per delivery', `${perDelivery.toFixed(1)} µs`, `${f.serverCpuUsPerDelivery} µs (bare ws)`, fmt.ratio(ratio), target ? '≤ 1.8× bare ws' : '', target ? verdict(ratio <= 1.8) : '');
    }
  }
  for (const f of floors) {
    if (f.error) failed(`W4 floor: bare \`ws\` broadcast, ${fmt.int(f.subscribers)} sockets`, f.error);
    else row(`W4 floor: bare \`ws\` broadcast (no GraphQL), ${fmt.int(f.subscribers)} sockets`, 'p50 / p99; CPU per delivery', `${fmt.ms(f.p50)} / ${fmt.ms(f.p99)}; ${f.serverCpuUsPerDelivery} µs`, '', '', 'reference', '');
  }
  if (w4.error) failed('W4 fan-out', w4.error);
}

export function w4Details(w4) {
  return w4.levels.filter((l) => l.delivered != null).map((l) =>
    `- W4 ${l.subscribers}${l.requested && l.requested !== l.subscribers ? ` (${l.requested} asked: the server's open-file limit is ${l.fdLimit})` : ''}: connected in ${(l.connectMs / 1000).toFixed(1)} s; ${l.posted} tweets posted; max ${fmt.ms(l.max)}; duplicates ${l.duplicates}; out of order ${l.outOfOrder ?? 'n/a'}; errors ${l.errors}; ` +
    `server CPU ${l.serverCpuMsPerEvent.toFixed(1)} ms per event (${(l.serverCpuMsPerEvent * 1000 / l.subscribers).toFixed(1)} µs per delivery); subscriber processes ${l.clientRssMiB} MiB RSS; load ${l.load}` +
    (l.firstError ? `; first error: ${l.firstError}` : ''));
}
