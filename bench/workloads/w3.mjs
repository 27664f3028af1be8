// W3 postTweet: mutations/s with no subscribers, then with S.w3Subscribers live `tweetEvents`
// subscribers (delivery counted against the tweets stored).
import { POST_TWEET, TWEET_EVENTS } from '../lib/documents.mjs';
import { cpuPerRequest, load, loadavg } from '../lib/measure.mjs';
import { withClient } from '../lib/postgres.mjs';
import { SubscriberPool } from '../lib/subscriber-pool.mjs';
import { cpuSnapshot, fmt, graphql, median, sleep } from '../lib/util.mjs';

const postBody = (phase, seq, extra = '') => JSON.stringify({ query: POST_TWEET, variables: { input: { body: `[${phase}:${seq}] ${extra}`.trim() } } });

export async function w3Workload({ servers, url, tokens, viewerToken, databaseUrl, postmasterPid, settings: S, log }) {
  const chorus = servers.chorus;
  const w3 = { subscribers: S.w3Subscribers };
  const pool = new SubscriberPool({ url: url('chorus').replace('http', 'ws'), query: TWEET_EVENTS, tokens: tokens.slice(1) });
  let tag = 0;
  try {
    const check = await graphql(url('chorus'), POST_TWEET, { token: viewerToken, variables: { input: { body: '[check:0] hello' } } });
    if (!check.data?.postTweet?.id) throw new Error(`postTweet answered ${JSON.stringify(check).slice(0, 300)}`);
    const run = async (label, withSubscribers) => {
      const phase = `w3r${++tag}`;
      if (withSubscribers) await pool.phase(phase);
      const body = postBody(phase, 0, 'benchmark mutation');
      const cpuBefore = cpuSnapshot([chorus.child.pid], postmasterPid());
      const result = await load({ url: url('chorus'), body, token: viewerToken, connections: S.writeConnections, durationSeconds: S.durationSeconds });
      cpuPerRequest(result, cpuBefore, cpuSnapshot([chorus.child.pid], postmasterPid()), postmasterPid());
      result.load = loadavg();
      if (withSubscribers) {
        // Every tweet of this run, counted where it is stored (autocannon does not count the
        // requests still in flight when it stops).
        const report = await pool.drain(() => false, { quietMs: 2000, maxMs: 60_000 });
        const posted = await withClient(databaseUrl, async (c) => (await c.query('select count(*)::int n from tweet where body like $1', [`[${phase}:%`])).rows[0].n);
        const expected = posted * pool.size;
        result.delivery = { expected, received: report.received, errors: report.errors, completes: report.completes, closed: report.closed, firstError: report.firstError };
      }
      log(`W3 ${label}: ${fmt.int(result.rps)} mutations/s, p99 ${result.latency.p99} ms` +
        (result.delivery ? `, delivered ${result.delivery.received}/${result.delivery.expected}` : ''));
      return result;
    };
    log(`W3 postTweet: warm-up (${S.warmupSeconds} s)`);
    await load({ url: url('chorus'), body: postBody('warm', 0), token: viewerToken, connections: S.writeConnections, durationSeconds: S.warmupSeconds });
    const baseline = [];
    for (let r = 0; r < S.repeats; r++) baseline.push(await run(`no subscribers, run ${r + 1}/${S.repeats}`, false));
    log(`W3: connecting ${S.w3Subscribers} subscribers`);
    const grown = await pool.grow(S.w3Subscribers);
    w3.connect = grown;
    if (grown.failed) throw new Error(`${grown.failed} subscribers could not connect: ${pool.firstFailure}`);
    await sleep(1000);
    const withSubs = [];
    for (let r = 0; r < S.repeats; r++) withSubs.push(await run(`${S.w3Subscribers} subscribers, run ${r + 1}/${S.repeats}`, true));
    w3.baseline = { rps: median(baseline.map((r) => r.rps)), p99: median(baseline.map((r) => r.latency.p99)), serverCpuMs: median(baseline.map((r) => r.serverCpuMsPerRequest)), dbCpuMs: median(baseline.map((r) => r.dbCpuMsPerRequest)), runs: baseline };
    w3.withSubscribers = {
      rps: median(withSubs.map((r) => r.rps)),
      p99: median(withSubs.map((r) => r.latency.p99)),
      serverCpuMs: median(withSubs.map((r) => r.serverCpuMsPerRequest)),
      dbCpuMs: median(withSubs.map((r) => r.dbCpuMsPerRequest)),
      delivered: withSubs.reduce((n, r) => n + r.delivery.received, 0) / Math.max(1, withSubs.reduce((n, r) => n + r.delivery.expected, 0)),
      runs: withSubs,
    };
  } catch (error) {
    w3.error = String(error.message ?? error);
    log(`W3 failed: ${w3.error}`);
  } finally {
    await pool.close();
  }
  return w3;
}

export function w3Rows(w3, { row, failed, verdict, cpu }) {
  if (w3.error) return failed('W3 `postTweet`', w3.error);
  const name = `W3 \`postTweet\` (${fmt.int(w3.subscribers)} subscribers vs none)`;
  const ratio = w3.withSubscribers.rps / w3.baseline.rps;
  row(name, 'mutations/s', fmt.int(w3.withSubscribers.rps), fmt.int(w3.baseline.rps) + ' (no subscribers)', fmt.ratio(ratio), '≥ 0.7×', verdict(ratio >= 0.7));
  row(name, 'p99 latency', fmt.ms(w3.withSubscribers.p99), fmt.ms(w3.baseline.p99), '', '', '');
  row(name, 'CPU per mutation: server + PostgreSQL', cpu(w3.withSubscribers, true), cpu(w3.baseline, true), '', '', '');
  row(name, 'events delivered', fmt.pct(w3.withSubscribers.delivered), '', '', '', '');
}

export function w3Details(w3) {
  if (w3.error) return [];
  return [`- W3 no subscribers: ${w3.baseline.runs.map((r) => `${fmt.int(r.rps)}/s`).join(', ')}; with ${w3.subscribers}: ${w3.withSubscribers.runs.map((r) => `${fmt.int(r.rps)}/s (delivered ${r.delivery.received}/${r.delivery.expected}${r.delivery.errors ? `, ${r.delivery.errors} errors: ${r.delivery.firstError}` : ''})`).join(', ')}.`];
}
