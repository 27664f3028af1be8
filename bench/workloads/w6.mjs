// W6 write path: `postTweet` and `createTask` mutations/s at S.w6Writers concurrent writers against
// three Chorus processes on the same database, each started for W6 (the long-running server is
// stopped first) — as shipped (relays woken after the commit, one coalesced NOTIFY per 25 ms sent on
// its own), with notifications off, and with the NOTIFY inside every writing transaction (Chorus
// before issue 16) — interleaved like the other workloads. Every process LISTENs with its own relay.
// Then, on the shipped process alone, S.w6Subscribers live `tweetEvents` subscribers while the
// writers post tweets at full speed: every event delivered, in order, and the lag (receipt − the
// event's `at`).
import { POST_TWEET, TWEET_EVENTS } from '../lib/documents.mjs';
import { compare, control, load, loadavg } from '../lib/measure.mjs';
import { withClient } from '../lib/postgres.mjs';
import { deliveryFigures, SubscriberPool } from '../lib/subscriber-pool.mjs';
import { fmt, graphql, sleep } from '../lib/util.mjs';

const CREATE_TASK = 'mutation Create($input: CreateTaskInput!) { createTask(input: $input) { id version } }';
/**
 * Three processes of the same build, each started for W6 (none carries W1–W5's history: the long-
 * running server is stopped first), differing only in BENCH_NOTIFY.
 */
const VARIANTS = [
  { name: 'shipped', server: 'chorus-notify-after-commit', notify: 'after-commit' },
  { name: 'off', server: 'chorus-notify-off', notify: 'off' },
  { name: 'inTransaction', server: 'chorus-notify-in-transaction', notify: 'in-transaction' },
];
const MUTATIONS = [
  { key: 'postTweet', document: POST_TWEET, input: { body: '[w6:0] write path' }, ok: (r) => r.data?.postTweet?.id },
  { key: 'createTask', document: CREATE_TASK, input: { title: 'W6 write path' }, ok: (r) => r.data?.createTask?.id },
];

export async function w6Workload(ctx) {
  const { servers, settings: S, log } = ctx;
  const w6 = { writers: S.w6Writers, subscribers: S.w6Subscribers };
  // Every process LISTENs: the long-running server would be a fourth reader of every notification.
  await servers.chorus.stop();
  const started = [];
  const processUrl = (server) => `http://127.0.0.1:${server.info.port}/graphql`;
  try {
    log('W6: starting Chorus as shipped, with notifications off and with the NOTIFY in the transaction');
    const processes = await Promise.all(
      VARIANTS.map((v) => ctx.startChorus(v.server, { BENCH_NOTIFY: v.notify }).then((s) => (started.push(s), s))),
    );
    const candidates = VARIANTS.map((v, i) => ({ name: v.name, url: processUrl(processes[i]), pid: processes[i].child.pid, token: ctx.viewerToken }))
      .map((c) => ({ ...c, counter: ctx.counter })); // statements of every process in the database (relays too), per mutation
    // Between runs every process reads what is left in the log: with notifications off the others
    // read only every RELAY_POLL_INTERVAL_MS, and what they had not read yet was read in the next
    // run's time, charged to the variant after it.
    const settle = () => Promise.all(processes.map((s) => control(s, 'catch-up')));
    for (const m of MUTATIONS) {
      for (const c of candidates) {
        const check = await graphql(c.url, m.document, { token: c.token, variables: { input: m.input } });
        if (!m.ok(check)) throw new Error(`${c.name} answered ${m.key} with ${JSON.stringify(check).slice(0, 300)}`);
      }
      const body = JSON.stringify({ query: m.document, variables: { input: m.input } });
      // Five interleaved runs, not three: two identical builds measured 0.92× by a median of three; and a
      // longer warm-up: three processes fresh from start-up still got faster run after run (bench/ANALYSIS.md).
      w6[m.key] = await compare(candidates, {
        body, connections: S.w6Writers, label: `W6 ${m.key}`, othersCpu: true, repeats: S.w6Repeats, warmupSeconds: S.w6WarmupSeconds, settle,
      }, ctx);
      const r = w6[m.key];
      log(`W6 ${m.key}: shipped ${fmt.int(r.shipped.rps)}/s, off ${fmt.int(r.off.rps)}/s (${fmt.ratio(r.shipped.rps / r.off.rps)}), ` +
        `NOTIFY in the transaction ${fmt.int(r.inTransaction.rps)}/s (${fmt.ratio(r.shipped.rps / r.inTransaction.rps)})`);
    }
    // The live part measures the shipped process alone.
    await Promise.all(processes.slice(1).map((s) => s.stop()));
    w6.live = await liveWhileWriting(ctx, processUrl(processes[0]));
  } catch (error) {
    w6.error = String(error.message ?? error);
    log(`W6 failed: ${w6.error}`);
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
  return w6;
}

/** S.w6Subscribers `tweetEvents` subscribers on the shipped server while S.w6Writers post tweets. */
async function liveWhileWriting({ tokens, viewerToken, databaseUrl, settings: S, log }, url) {
  const live = { subscribers: S.w6Subscribers, writers: S.w6Writers, seconds: S.durationSeconds };
  const pool = new SubscriberPool({ url: url.replace('http', 'ws'), query: TWEET_EVENTS, tokens: tokens.slice(1) });
  const post = (phase, seq) =>
    graphql(url, POST_TWEET, { token: viewerToken, variables: { input: { body: `[${phase}:${seq}] probe` } } }).then((r) => Boolean(r.data?.postTweet?.id), () => false);
  try {
    log(`W6 live: connecting ${S.w6Subscribers} subscribers`);
    const grown = await pool.grow(S.w6Subscribers);
    live.connectMs = grown.ms;
    if (grown.failed) throw new Error(`${grown.failed} subscribers could not connect: ${pool.firstFailure}`);
    // A stream without a cursor starts when the server has handled the subscribe message: probe
    // until one tweet reaches every subscriber.
    await pool.phase('w6-probe');
    let isLive = false;
    for (let seq = 0; seq < 20 && !isLive; seq++) {
      await post('w6-probe', seq);
      const report = await pool.drain((r) => (r.bySeq[seq] ?? 0) >= pool.size, { quietMs: 1500, maxMs: 10_000 });
      isLive = (report.bySeq[seq] ?? 0) >= pool.size;
    }
    if (!isLive) throw new Error(`not every one of ${pool.size} subscribers became live`);
    await sleep(500);

    const phase = 'w6-live';
    await pool.phase(phase);
    const body = JSON.stringify({ query: POST_TWEET, variables: { input: { body: `[${phase}:{seq}] written at full speed` } } });
    const result = await load({ url, body, token: viewerToken, connections: S.w6Writers, durationSeconds: S.durationSeconds, sequence: true });
    // Every tweet of the phase, counted where it is stored (autocannon does not count the requests
    // still in flight when it stops, and the server may commit some of them after it has stopped):
    // counted again after each drain until the count stands.
    const stored = () => withClient(databaseUrl, async (c) => (await c.query('select count(*)::int n from tweet where body like $1', [`[${phase}:%`])).rows[0].n);
    let posted = -1;
    for (let count = await stored(); count !== posted; count = await stored()) {
      posted = count;
      await pool.drain((r) => r.received >= posted * pool.size, { quietMs: 5000, maxMs: 180_000 });
    }
    const expected = posted * pool.size;
    // After the drain: a duplicate or a late event would be counted too.
    const full = await pool.report(true);
    Object.assign(live, {
      rps: result.rps,
      p99Mutation: result.latency.p99,
      posted,
      ...deliveryFigures(full, full.latencies, expected),
      load: loadavg(),
    });
    log(`W6 live: ${fmt.int(result.rps)} tweets/s with ${pool.size} subscribers; delivered ${full.received}/${expected}, ` +
      `out of order ${live.outOfOrder}, lag p50 ${fmt.ms(live.p50)}, p99 ${fmt.ms(live.p99)}`);
  } catch (error) {
    live.error = String(error.message ?? error);
    log(`W6 live failed: ${live.error}`);
  } finally {
    await pool.close();
  }
  return live;
}

const MUTATION_NAMES = { postTweet: '`postTweet`', createTask: '`createTask`' };

export function w6Rows(w6, { row, failed, verdict, cpu }) {
  if (w6.error) failed('W6 write path', w6.error);
  for (const key of Object.keys(MUTATION_NAMES)) {
    const r = w6[key];
    if (!r) continue;
    const name = `W6 write path ${MUTATION_NAMES[key]}, ${w6.writers} writers`;
    const off = r.shipped.rps / r.off.rps;
    const inTx = r.shipped.rps / r.inTransaction.rps;
    row(name, 'mutations/s, shipped vs notifications off', fmt.int(r.shipped.rps), `${fmt.int(r.off.rps)} (off)`, fmt.ratio(off), '≥ 0.9×', verdict(off >= 0.9));
    row(name, 'mutations/s, shipped vs NOTIFY in the transaction', fmt.int(r.shipped.rps), `${fmt.int(r.inTransaction.rps)} (in the transaction)`, fmt.ratio(inTx), '≥ 1.5×', verdict(inTx >= 1.5));
    row(name, 'p99 latency', fmt.ms(r.shipped.p99), `${fmt.ms(r.off.p99)} (off) / ${fmt.ms(r.inTransaction.p99)} (in the transaction)`, '', '', '');
    row(name, 'CPU per mutation: server + PostgreSQL', cpu(r.shipped, true), `${cpu(r.off, true)} (off) / ${cpu(r.inTransaction, true)} (in the transaction)`, '', '', '');
    if (r.shipped.caughtUpCpuMs != null) {
      // Every process and PostgreSQL until every instance has read the run's events: what `off` defers past its run counts too.
      const ms = (c) => `${fmt.num(c.caughtUpCpuMs * 1000, 0)} µs`;
      row(name, 'CPU per mutation, all three processes + PostgreSQL, until every instance has read it', ms(r.shipped), `${ms(r.off)} (off) / ${ms(r.inTransaction)} (in the transaction)`,
        `${fmt.ratio(r.shipped.caughtUpCpuMs / r.off.caughtUpCpuMs)} off's`, '', '');
    }
  }
  const live = w6.live;
  if (!live) return;
  const name = `W4 ${fmt.int(live.subscribers)} subscribers while W6 writes (${live.writers} writers, \`postTweet\`)`;
  if (live.error) return failed(name, live.error);
  const clean = live.duplicates === 0 && live.outOfOrder === 0;
  row(name, 'delivered, in order', `${fmt.pct(live.delivered)} (${fmt.int(live.received)} of ${fmt.int(live.expected)}); ${live.outOfOrder} out of order or duplicated`, '', '', '100 %, in order', verdict(live.delivered === 1 && clean));
  row(name, 'lag (receipt − event `at`) p50 / p99', `${fmt.ms(live.p50)} / ${fmt.ms(live.p99)}`, '', '', 'report', '');
  row(name, 'mutations/s while delivering', fmt.int(live.rps), '', '', '', '');
}

export function w6Details(w6) {
  const lines = [];
  for (const key of Object.keys(MUTATION_NAMES)) {
    const r = w6[key];
    if (!r) continue;
    const runs = (c) => c.runs.map((x) => `${fmt.int(x.rps)}/s (p99 ${x.latency.p99} ms${x.non2xx || x.errors ? `, non-2xx ${x.non2xx}, errors ${x.errors}` : ''})`).join(', ');
    const others = (c) => (c.othersCpuMs == null ? 'n/a' : `${Math.round(c.othersCpuMs * 1000)} µs`);
    lines.push(`- W6 ${key}, ${w6.writers} writers: shipped ${runs(r.shipped)}; notifications off ${runs(r.off)}; NOTIFY in the transaction ${runs(r.inTransaction)}; failures ${r.shipped.failures}/${r.off.failures}/${r.inTransaction.failures}. ` +
      `CPU of the two idle Chorus processes (their relays) per mutation of the measured one: shipped ${others(r.shipped)}, off ${others(r.off)}, in the transaction ${others(r.inTransaction)}. ` +
      `SQL statements per mutation, all processes: shipped ${fmt.num(r.shipped.statementsPerRequest, 2)}, off ${fmt.num(r.off.statementsPerRequest, 2)}, in the transaction ${fmt.num(r.inTransaction.statementsPerRequest, 2)}.`);
  }
  const live = w6.live;
  if (live && !live.error) {
    lines.push(`- W6 live: ${live.subscribers} subscribers connected in ${(live.connectMs / 1000).toFixed(1)} s; ${fmt.int(live.posted)} tweets in ${live.seconds} s ` +
      `(mutation p99 ${live.p99Mutation} ms); lag max ${fmt.ms(live.max)}; duplicates ${live.duplicates}; out of order ${live.outOfOrder}; errors ${live.errors}; closed ${live.closed}; load ${live.load}` +
      (live.firstError ? `; first error: ${live.firstError}` : ''));
  }
  return lines;
}
