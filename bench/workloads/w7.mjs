// W7 three instances: S.w7Instances Chorus processes (bench/servers/chorus-server.ts, started as
// run.mjs starts Chorus) on the same database, S.w7SubscribersPerInstance `tweetEvents` subscribers
// on each, then a writer on each instance posting S.w7Rate tweets/s for S.w7Seconds, all three at
// once. An instance learns of another's events only through the database, so this is the
// cross-instance path: every event must reach every subscriber on every instance exactly once and
// in the log's order (cursors sort in it). Lag = receipt − the event's `at`, per instance and overall.
//
// Each writer posts its tweets one after another (the next once the last has answered) and tags
// them `[phase:seq]` with seq = k × instances + writer, so the tags of all writers never collide.
import { POST_TWEET, TWEET_EVENTS } from '../lib/documents.mjs';
import { control, loadavg } from '../lib/measure.mjs';
import { deliveryFigures, SubscriberPool } from '../lib/subscriber-pool.mjs';
import { cpuSnapshot, fmt, graphql, percentile, sleep } from '../lib/util.mjs';

// bench/load/subscribers.mjs tells duplicates apart for tags below this.
const MAX_SEQ = 256;

/** W7's results: `{ instances: [...], overall, ... }`, or `{ error }` with what was measured so far. */
export async function w7Workload(ctx) {
  const { startChorus, tokens, settings: S, log, postmasterPid } = ctx;
  const count = S.w7Instances;
  const per = S.w7SubscribersPerInstance;
  const rounds = S.w7Rate * S.w7Seconds;
  const w7 = { instances: [], subscribersPerInstance: per, rate: S.w7Rate, seconds: S.w7Seconds, writers: count };
  const servers = [];
  const pools = [];
  try {
    if (rounds * count > MAX_SEQ) throw new Error(`W7 posts ${rounds * count} tweets; the subscribers tell duplicates apart for ${MAX_SEQ}`);
    log(`W7: starting ${count} Chorus instances on one database`);
    const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startChorus(`chorus-w7-${i + 1}`)));
    for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const urls = servers.map((server) => `http://127.0.0.1:${server.info.port}/graphql`);
    // The writers are the first users; the subscribers are the others, rotated per instance.
    const writers = tokens.slice(0, count);
    const viewers = tokens.slice(count);
    for (let i = 0; i < count; i++) {
      const offset = Math.floor((i * viewers.length) / count);
      pools.push(new SubscriberPool({ url: urls[i].replace('http', 'ws'), query: TWEET_EVENTS, tokens: [...viewers.slice(offset), ...viewers.slice(0, offset)] }));
    }
    const post = (i, phase, seq) =>
      graphql(urls[i], POST_TWEET, { token: writers[i], variables: { input: { body: `[${phase}:${seq}] w7 instance ${i + 1} at ${Date.now()}` } } }).then(
        (r) => Boolean(r.data?.postTweet?.id),
        () => false,
      );

    log(`W7: connecting ${per} subscribers to each of ${count} instances`);
    const grown = await Promise.all(pools.map((pool) => pool.grow(per)));
    w7.connectMs = Math.max(...grown.map((g) => g.ms));
    const failed = pools.reduce((n, pool) => n + pool.failed, 0);
    if (failed) throw new Error(`${failed} subscribers could not connect: ${pools.find((pool) => pool.failed)?.firstFailure}`);

    // Live when a probe posted on the first instance has reached every subscriber on every instance.
    await Promise.all(pools.map((pool) => pool.phase('w7-probe')));
    let live = false;
    for (let seq = 0; seq < 20 && !live; seq++) {
      await post(0, 'w7-probe', seq);
      const reports = await Promise.all(pools.map((pool) => pool.drain((r) => (r.bySeq[seq] ?? 0) >= per, { quietMs: 1500, maxMs: 10_000 })));
      live = reports.every((r) => (r.bySeq[seq] ?? 0) >= per);
    }
    if (!live) throw new Error(`not every one of ${count} × ${per} subscribers became live`);
    await sleep(500);

    await Promise.all(pools.map((pool) => pool.phase('w7')));
    const before = await Promise.all(servers.map((server) => control(server)));
    const dbBefore = cpuSnapshot([], postmasterPid());
    const interval = 1000 / S.w7Rate;
    const t0 = Date.now() + 50;
    const writer = async (i) => {
      let posted = 0;
      for (let k = 0; k < rounds; k++) {
        const wait = t0 + k * interval - Date.now();
        if (wait > 0) await sleep(wait);
        if (await post(i, 'w7', k * count + i)) posted++;
      }
      return posted;
    };
    const posted = await Promise.all(servers.map((_, i) => writer(i)));
    w7.writeSeconds = (Date.now() - t0) / 1000;
    w7.posted = posted;
    const total = posted.reduce((a, b) => a + b, 0);
    const expected = total * per;
    await Promise.all(pools.map((pool) => pool.drain((r) => r.received >= expected, { quietMs: 5000, maxMs: 120_000 })));
    const after = await Promise.all(servers.map((server) => control(server)));
    // PostgreSQL's backends: the writes, and every instance's relay reading each event once.
    const dbCpuMs = postmasterPid() ? cpuSnapshot([], postmasterPid()).children - dbBefore.children : null;
    const all = [];
    for (let i = 0; i < count; i++) {
      const report = await pools[i].report(true);
      const figures = deliveryFigures(report, report.latencies, expected);
      for (const value of report.latencies) all.push(value);
      const cpuMs = (after[i].cpu.user + after[i].cpu.system - before[i].cpu.user - before[i].cpu.system) / 1000;
      w7.instances.push({
        instance: i + 1,
        subscribers: per,
        posted: posted[i],
        ...figures,
        serverCpuMsPerEvent: cpuMs / Math.max(1, total),
      });
    }
    all.sort((a, b) => a - b);
    const sum = (key) => w7.instances.reduce((n, entry) => n + entry[key], 0);
    w7.overall = {
      subscribers: count * per,
      events: total,
      expected: expected * count,
      received: sum('received'),
      delivered: expected ? sum('received') / (expected * count) : null,
      duplicates: sum('duplicates'),
      outOfOrder: sum('outOfOrder'),
      errors: sum('errors'),
      dbCpuMsPerEvent: dbCpuMs == null ? null : dbCpuMs / Math.max(1, total),
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      max: all.at(-1) ?? null,
      load: loadavg(),
    };
    for (const entry of w7.instances) {
      log(`W7 instance ${entry.instance}: delivered ${entry.received}/${entry.expected}, duplicates ${entry.duplicates}, out of order ${entry.outOfOrder}, ` +
        `p50 ${fmt.ms(entry.p50)}, p99 ${fmt.ms(entry.p99)}, server CPU ${entry.serverCpuMsPerEvent.toFixed(2)} ms/event`);
    }
    log(`W7 overall: ${total} tweets from ${count} writers; delivered ${fmt.pct(w7.overall.delivered)}, p99 ${fmt.ms(w7.overall.p99)}`);
  } catch (error) {
    w7.error = String(error.message ?? error);
    log(`W7 failed: ${w7.error}`);
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await Promise.all(servers.map((server) => server.stop()));
  }
  return w7;
}

export function w7Rows(w7, { row, failed, verdict }) {
  const exact = (x) => x.delivered === 1 && x.duplicates === 0 && x.outOfOrder === 0;
  const name = (what) => `W7 ${w7.writers} instances × (${fmt.int(w7.subscribersPerInstance)} subscribers + a writer at ${w7.rate} tweets/s), one database: ${what}`;
  for (const entry of w7.instances) {
    row(name(`instance ${entry.instance}`), 'delivered; duplicates; out of order', `${fmt.pct(entry.delivered)} (${fmt.int(entry.received)} of ${fmt.int(entry.expected)}); ${entry.duplicates}; ${entry.outOfOrder}`, '', '', '100 %; 0; 0', verdict(exact(entry)));
    row(name(`instance ${entry.instance}`), 'commit→receipt p50 / p99', `${fmt.ms(entry.p50)} / ${fmt.ms(entry.p99)}`, '', '', '', '');
  }
  if (w7.overall) {
    row(name('all'), 'delivered; duplicates; out of order', `${fmt.pct(w7.overall.delivered)} (${fmt.int(w7.overall.received)} of ${fmt.int(w7.overall.expected)}); ${w7.overall.duplicates}; ${w7.overall.outOfOrder}`, '', '', 'every event once on every instance, in order', verdict(exact(w7.overall)));
    row(name('all'), 'commit→receipt p50 / p99', `${fmt.ms(w7.overall.p50)} / ${fmt.ms(w7.overall.p99)}`, '', '', 'report', '');
  }
  if (w7.error) failed('W7 three instances', w7.error);
}

export function w7Details(w7) {
  if (!w7.overall) return [];
  return [
    `- W7: ${w7.writers} instances × ${w7.subscribersPerInstance} subscribers connected in ${(w7.connectMs / 1000).toFixed(1)} s; tweets posted per writer ${w7.posted.join(' / ')} ` +
      `in ${w7.writeSeconds.toFixed(1)} s; PostgreSQL CPU ${w7.overall.dbCpuMsPerEvent == null ? 'n/a' : `${w7.overall.dbCpuMsPerEvent.toFixed(2)} ms`} per event (the write and ${w7.writers} relays' reads); max lag ${fmt.ms(w7.overall.max)}; errors ${w7.overall.errors}; load ${w7.overall.load}`,
    ...w7.instances.map((e) => `  - instance ${e.instance}: server CPU ${e.serverCpuMsPerEvent.toFixed(2)} ms per event (${(e.serverCpuMsPerEvent * 1000 / e.subscribers).toFixed(1)} µs per delivery, its own subscribers only; its writer's requests included); max ${fmt.ms(e.max)}` +
      (e.firstError ? `; first error: ${e.firstError}` : '')),
  ];
}
