// W2 feed: `tweets(first: 20)` with author, likeCount and likedByMe, signed in, and the same at 100
// tweets per page (its own row, `w2x100`); the same page from PostGraphile's `allTweets`, checked to
// be the same tweets, counts and likes. req/s, p99, CPU (server + PostgreSQL), SQL statements per request.
import { compare } from '../lib/measure.mjs';
import { fmt, graphql } from '../lib/util.mjs';

const CHORUS_FEED = (first) => `query Feed { tweets(first: ${first}) {
  edges { cursor node { id body createdAt version likeCount likedByMe author { id username name avatarUrl } } }
  pageInfo { hasNextPage endCursor } } }`;
const POSTGRAPHILE_FEED = (first) => `query Feed { allTweets(first: ${first}, orderBy: [CREATED_AT_DESC, ID_DESC]) {
  edges { cursor node { id body createdAt version likeCount likedByMe author: userByAuthorId { id username name avatarUrl } } }
  pageInfo { hasNextPage endCursor } } }`;
/** W2's page sizes, each its own workload row: the client's page, and the largest the API serves. */
export const FEED_PAGES = [
  { workload: 'w2', first: 20 },
  { workload: 'w2x100', first: 100 },
];

/** One page size: `{ workload, first }` of FEED_PAGES. */
export async function w2Workload(ctx, { first }) {
  const { servers, url, viewerToken, counter, peerProblem, settings: S, log } = ctx;
  const w2 = { first, peer: 'PostGraphile 4', peerProblem: peerProblem.postgraphile };
  const label = `W2 feed (${first})`;
  try {
    const candidates = [{ name: 'chorus', url: url('chorus'), pid: servers.chorus.child.pid, body: JSON.stringify({ query: CHORUS_FEED(first) }), token: viewerToken, counter }];
    if (servers.postgraphile) {
      candidates.push({ name: 'postgraphile', url: url('postgraphile'), pid: servers.postgraphile.child.pid, body: JSON.stringify({ query: POSTGRAPHILE_FEED(first) }), token: viewerToken, counter });
    }
    // Both must answer the same page: the tweets with authors, and the viewer's likes.
    const answers = {};
    for (const c of candidates) {
      const check = await graphql(c.url, JSON.parse(c.body).query, { token: viewerToken });
      const edges = check.data?.tweets?.edges ?? check.data?.allTweets?.edges;
      if (!edges || edges.length !== first || !edges.every((e) => e.node.author?.username)) {
        throw new Error(`${c.name} answered the feed with ${JSON.stringify(check).slice(0, 400)}`);
      }
      answers[c.name] = edges.map((e) => `${e.node.id}:${e.node.likeCount}:${e.node.likedByMe}:${e.node.author.username}`).join(',');
    }
    if (answers.postgraphile && answers.postgraphile !== answers.chorus) throw new Error('Chorus and PostGraphile answer the feed differently');
    w2.likedByMeTrue = (answers.chorus.match(/:true:/g) ?? []).length;
    await counter.reset();
    w2.statementCounting = counter.available ? 'pg_stat_statements (every statement in the database, BEGIN/COMMIT included)' : 'n/a: pg_stat_statements is not loaded';
    Object.assign(w2, await compare(candidates, { connections: S.readConnections, label }, ctx));
  } catch (error) {
    w2.error = String(error.message ?? error) + (error.cause ? ` (${error.cause.message ?? error.cause})` : "");
    log(`${label} failed: ${w2.error}`);
  }
  return w2;
}

/** Rows of every page size that ran (`workloads` is RESULTS.json's `workloads`). */
export function w2Rows(workloads, { row, failed, verdict, cpu }) {
  for (const { workload } of FEED_PAGES) {
    const f = workloads[workload];
    if (!f) continue;
    const name = `W2 feed (${f.first} tweets, signed in)`;
    if (f.error) {
      failed(name, f.error);
      continue;
    }
    const c = f.chorus;
    const p = f.postgraphile;
    const ratio = p ? c.rps / p.rps : null;
    row(name, 'req/s', fmt.int(c.rps), p ? fmt.int(p.rps) : `n/a (${f.peerProblem})`, fmt.ratio(ratio), '≥ 1.0× PostGraphile', verdict(ratio == null ? null : ratio >= 1));
    row(name, 'p99 latency', fmt.ms(c.p99), p ? fmt.ms(p.p99) : 'n/a', p ? fmt.ratio(c.p99 / p.p99) : 'n/a', '', '');
    row(name, 'CPU per request: server + PostgreSQL', cpu(c, true), p ? cpu(p, true) : 'n/a', p && c.dbCpuMs != null ? fmt.ratio((c.serverCpuMs + c.dbCpuMs) / (p.serverCpuMs + p.dbCpuMs)) : 'n/a', '', '');
    row(name, 'SQL statements / request', fmt.num(c.statementsPerRequest, 2), p ? fmt.num(p.statementsPerRequest, 2) : 'n/a', '', '≤ 3', verdict(c.statementsPerRequest == null ? null : c.statementsPerRequest <= 3));
  }
}

export function w2Details(workloads) {
  const lines = [];
  for (const { workload } of FEED_PAGES) {
    const f = workloads[workload];
    if (!f || f.error) continue;
    for (const name of ['chorus', 'postgraphile']) {
      if (!f[name]) continue;
      lines.push(`- W2 (${f.first}) ${name}: ${f[name].runs.map((r) => `${fmt.int(r.rps)} req/s (p99 ${r.latency.p99} ms, ${fmt.num(r.statementsPerRequest, 2)} stmt/req)`).join('; ')}`);
      const top = f[name].runs.at(-1)?.topStatements;
      if (top) lines.push(`  - statements of the last run: ${top.slice(0, 6).map((s) => `${s.calls}× \`${s.query.replace(/`/g, "'").slice(0, 70)}\``).join(', ')}`);
    }
    lines.push(`- W2 (${f.first}) both peers return the same ${f.first} tweets, like counts, authors and likedByMe (${f.likedByMeTrue} liked by the viewer); counted with ${f.statementCounting}.`);
  }
  return lines;
}
