// W4 fan-out: S.w4Levels subscribers in turn; at each level probes until every subscriber is live,
// then posts S.w4Rate tweets/s for S.w4Seconds; latency = receipt − the event's `at`. W5 (memory)
// is measured at the last level with the same subscribers, so both run here. Then the floor: a
// bare `ws` broadcast to as many sockets.
import { POST_TWEET, TWEET_EVENTS } from '../lib/documents.mjs';
import { control, loadavg } from '../lib/measure.mjs';
import { SubscriberPool } from '../lib/subscriber-pool.mjs';
import { fmt, graphql, lastJsonLine, percentile, runProcess, sleep } from '../lib/util.mjs';
import { w5Before, w5Measure } from './w5.mjs';

/** W4 and W5 as `{ w4, w5 }`; a workload that was not asked for is left out. */
export async function fanOutWorkload(ctx) {
  const { servers, url, tokens, wants, settings: S, log } = ctx;
  const chorus = servers.chorus;
  const w4 = { rate: S.w4Rate, seconds: S.w4Seconds, levels: [] };
  const w5 = { subscribers: S.w4Levels.at(-1) };
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
    for (const level of S.w4Levels) {
      log(`W4: connecting to ${level} subscribers`);
      const grown = await pool.grow(level - pool.size);
      const entry = { subscribers: level, connectMs: grown.ms, connectFailed: pool.failed };
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
      if (level === S.w4Levels.at(-1) && wants('w5')) await w5Measure(w5, baseline, level, chorus, ctx);
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
      const sorted = full.latencies.sort((a, b) => a - b);
      Object.assign(entry, {
        posted,
        expected,
        received: report.received,
        delivered: expected ? report.received / expected : null,
        duplicates: report.duplicates,
        errors: report.errors,
        completes: report.completes,
        closed: report.closed,
        firstError: report.firstError,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? null,
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
  if (wants('w4')) w4.floor = await floor(ctx);
  return { ...(wants('w4') && { w4 }), ...(wants('w5') && { w5 }) };
}

/**
 * The floor: a bare `ws` server broadcasting one pre-serialised message per event to as many
 * sockets, clients in child processes — what no GraphQL server can beat on this machine.
 */
async function floor({ settings: S, log }) {
  const level = S.w4Levels.at(-1);
  log(`W4 floor: bare ws broadcast to ${level} sockets`);
  try {
    const result = lastJsonLine(await runProcess(process.execPath, ['bench/ws-floor.mjs', String(level), String(S.w4Rate * S.w4Seconds), String(S.w4Rate)], { timeoutMs: 300_000 }));
    log(`W4 floor ${level}: p50 ${fmt.ms(result.p50)}, p99 ${fmt.ms(result.p99)}, ${result.serverCpuUsPerDelivery} µs CPU per delivery`);
    return result;
  } catch (error) {
    return { error: String(error.message ?? error) };
  }
}

export function w4Rows(w4, { row, failed, verdict, settings: S }) {
  for (const level of w4.levels) {
    const name = `W4 fan-out, ${fmt.int(level.subscribers)} subscribers, ${w4.rate} tweets/s`;
    if (level.delivered == null) continue;
    const last = level.subscribers === S.w4Levels.at(-1);
    row(name, 'commit→receipt p50 / p99', `${fmt.ms(level.p50)} / ${fmt.ms(level.p99)}`, '', '', last ? 'p99 < 100 ms' : '', last ? verdict(level.p99 < 100) : '');
    row(name, 'delivered', `${fmt.pct(level.delivered)} (${fmt.int(level.received)} of ${fmt.int(level.expected)})`, '', '', last ? '100 %' : '', last ? verdict(level.delivered === 1 && level.duplicates === 0) : '');
  }
  const f = w4.floor;
  if (f && !f.error) {
    row(`W4 floor: bare \`ws\` broadcast (no GraphQL), ${fmt.int(f.subscribers)} sockets`, 'p50 / p99; CPU per delivery', `${fmt.ms(f.p50)} / ${fmt.ms(f.p99)}; ${f.serverCpuUsPerDelivery} µs`, '', '', 'reference', '');
  }
  const top = w4.levels.at(-1);
  if (top?.serverCpuMsPerEvent != null) {
    row(`W4 fan-out, ${fmt.int(top.subscribers)} subscribers`, 'server CPU per delivery', `${(top.serverCpuMsPerEvent * 1000 / top.subscribers).toFixed(1)} µs`, f && !f.error ? `${f.serverCpuUsPerDelivery} µs (bare ws)` : '', f && !f.error ? fmt.ratio((top.serverCpuMsPerEvent * 1000 / top.subscribers) / f.serverCpuUsPerDelivery) : '', '', '');
  }
  if (w4.error) failed('W4 fan-out', w4.error);
}

export function w4Details(w4) {
  return w4.levels.filter((l) => l.delivered != null).map((l) =>
    `- W4 ${l.subscribers}: connected in ${(l.connectMs / 1000).toFixed(1)} s; ${l.posted} tweets posted; max ${fmt.ms(l.max)}; duplicates ${l.duplicates}; errors ${l.errors}; ` +
    `server CPU ${l.serverCpuMsPerEvent.toFixed(1)} ms per event (${(l.serverCpuMsPerEvent * 1000 / l.subscribers).toFixed(1)} µs per delivery); subscriber processes ${l.clientRssMiB} MiB RSS; load ${l.load}` +
    (l.firstError ? `; first error: ${l.firstError}` : ''));
}
