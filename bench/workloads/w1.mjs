// W1 trivial query: `{ apiInfo { … } }`, Chorus against Mercurius + graphql-jit (the same schema),
// interleaved runs; req/s, p99, server CPU per request.
import { compare } from '../lib/measure.mjs';
import { fmt, graphql } from '../lib/util.mjs';

const API_INFO = '{ apiInfo { version commit buildTime startedAt uptimeSeconds } }';
const NAME = 'W1 trivial query (`apiInfo`)';

export async function w1Workload(ctx) {
  const { servers, url, peerProblem, settings: S, log } = ctx;
  const w1 = { peer: 'Mercurius + graphql-jit', peerProblem: peerProblem.mercurius };
  try {
    const candidates = [{ name: 'chorus', url: url('chorus'), pid: servers.chorus.child.pid }];
    if (servers.mercurius) candidates.push({ name: 'mercurius', url: url('mercurius'), pid: servers.mercurius.child.pid });
    for (const c of candidates) {
      const check = await graphql(c.url, API_INFO);
      if (!check.data?.apiInfo?.version) throw new Error(`${c.name} answered apiInfo with ${JSON.stringify(check).slice(0, 300)}`);
    }
    Object.assign(w1, await compare(candidates, { body: JSON.stringify({ query: API_INFO }), connections: S.readConnections, label: 'W1 apiInfo' }, ctx));
  } catch (error) {
    w1.error = String(error.message ?? error);
    log(`W1 failed: ${w1.error}`);
  }
  return w1;
}

export function w1Rows(w1, { row, failed, verdict, cpu }) {
  if (w1.error) return failed(NAME, w1.error);
  const c = w1.chorus;
  const m = w1.mercurius;
  const ratio = m ? c.rps / m.rps : null;
  const cpuRatio = m ? c.serverCpuMs / m.serverCpuMs : null;
  row(NAME, 'req/s', fmt.int(c.rps), m ? fmt.int(m.rps) : `n/a (${w1.peerProblem})`, fmt.ratio(ratio), '≥ 0.5× Mercurius', verdict(ratio == null ? null : ratio >= 0.5));
  row(NAME, 'p99 latency', fmt.ms(c.p99), m ? fmt.ms(m.p99) : 'n/a', m ? fmt.ratio(c.p99 / m.p99) : 'n/a', '', '');
  row(NAME, 'server CPU per request', cpu(c), m ? cpu(m) : 'n/a', fmt.ratio(cpuRatio), '≤ 2.5× Mercurius', verdict(cpuRatio == null ? null : cpuRatio <= 2.5));
}

export function w1Details(w1) {
  if (w1.error) return [];
  return ['chorus', 'mercurius'].filter((name) => w1[name]).map((name) =>
    `- W1 ${name}: ${w1[name].runs.map((r) => `${fmt.int(r.rps)} req/s (p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms)`).join('; ')}`);
}
