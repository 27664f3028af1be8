// `npm run bench` — Chorus against its peers, side by side, in one run on this machine.
//
//   npm run bench                    full run (about 8 minutes), writes bench/RESULTS.md
//   npm run bench -- --quick         about a minute, small data set and counts (a smoke test)
//   options: --out <file.md>         where to write the table (a .json with the raw numbers goes beside it)
//            --only w1,w2,w3,w4,w5,startup,phone   run some workloads only
//            --no-peers               skip Mercurius and PostGraphile
//            --profile                start Chorus with --cpu-prof (profiles under bench/.work/<mode>/profiles)
//            --heap                   W5 also writes heap snapshots (compare them with bench/heap-diff.mjs)
//            --render-from <file.json> only re-render a results table (e.g. after editing bench/ANALYSIS.md)
//            --work-dir <dir>         PostgreSQL data, logs, profiles (default bench/.work/<full|quick>)
//
// Everything runs on loopback: PostgreSQL (embedded under bench/.work/, or DATABASE_URL), Chorus,
// the peers, and the load generators, each in its own process.
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { POSTGRES_SETTINGS, StatementCounter, startPostgres, withClient } from './lib/postgres.mjs';
import { SubscriberPool } from './lib/subscriber-pool.mjs';
import { cpuSnapshot, fmt, graphql, killAll, lastJsonLine, median, percentile, runProcess, sleep, startServer, track } from './lib/util.mjs';
import { phoneDetails, phoneRows, phoneWorkload, preparePhone } from './workloads/phone.mjs';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
    'no-peers': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'work-dir': { type: 'string' },
    heap: { type: 'boolean', default: false },
    'render-from': { type: 'string' },
  },
});

const rendered = flags['render-from'] ? JSON.parse(readFileSync(flags['render-from'], 'utf8')) : null;
const QUICK = rendered ? rendered.mode === 'quick' : flags.quick;
const MODE = QUICK ? 'quick' : 'full';
const S = rendered ? rendered.settings : QUICK
  ? {
      users: 100, tweets: 5_000, likesPerUser: 20,
      warmupSeconds: 1, durationSeconds: 2, repeats: 1, readConnections: 20, writeConnections: 10,
      w3Subscribers: 100, w4Levels: [100, 250, 500], w4Rate: 5, w4Seconds: 2, startupRuns: 1, phoneRuns: 3,
    }
  : {
      users: 1_000, tweets: 100_000, likesPerUser: 100,
      warmupSeconds: 3, durationSeconds: 10, repeats: 3, readConnections: 20, writeConnections: 10,
      w3Subscribers: 1_000, w4Levels: [1_000, 5_000, 10_000], w4Rate: 5, w4Seconds: 10, startupRuns: 5, phoneRuns: 5,
    };
const ONLY = flags.only ? new Set(flags.only.split(',').map((s) => s.trim().toLowerCase())) : null;
const wants = (workload) => !ONLY || ONLY.has(workload);
const PEERS = !flags['no-peers'];

const workDir = path.resolve(flags['work-dir'] ?? path.join(root, 'bench/.work', MODE));
const logDir = path.join(workDir, 'logs');
const outFile = path.resolve(flags.out ?? path.join(root, 'bench/RESULTS.md'));
mkdirSync(logDir, { recursive: true });

const NODE = process.execPath;
const TS = ['--import', '@swc-node/register/esm-register'];
const JWT_SECRET = randomBytes(36).toString('base64url');
const TEMPLATE = `chorus_bench_template_${MODE}`;
const DATABASE = `chorus_bench_${MODE}`;

// ---------------------------------------------------------------------------------------------
// Documents

const API_INFO = '{ apiInfo { version commit buildTime startedAt uptimeSeconds } }';
const CHORUS_FEED = (first) => `query Feed { tweets(first: ${first}) {
  edges { cursor node { id body createdAt version likeCount likedByMe author { id username name avatarUrl } } }
  pageInfo { hasNextPage endCursor } } }`;
const POSTGRAPHILE_FEED = (first) => `query Feed { allTweets(first: ${first}, orderBy: [CREATED_AT_DESC, ID_DESC]) {
  edges { cursor node { id body createdAt version likeCount likedByMe author: userByAuthorId { id username name avatarUrl } } }
  pageInfo { hasNextPage endCursor } } }`;
/** W2's page sizes, each its own workload row: the client's page, and the largest the API serves. */
const FEED_PAGES = [
  { workload: 'w2', first: 20 },
  { workload: 'w2x100', first: 100 },
];
const POST_TWEET = 'mutation Post($input: PostTweetInput!) { postTweet(input: $input) { id createdAt } }';
// What a feed client keeps live; no viewer-specific field (see RESULTS.md, W4).
const TWEET_EVENTS = `subscription Live { tweetEvents { cursor kind type id version at actorId
  tweet { id body createdAt version likeCount author { id username name avatarUrl } } } }`;

// ---------------------------------------------------------------------------------------------
// Helpers

let postmasterPid = () => null;
const log = (...parts) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const results = { mode: MODE, settings: S, workloads: {}, notes: [], errors: [] };

function md5uuid(text) {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function accessToken(i) {
  const secret = new TextEncoder().encode(JWT_SECRET);
  return new SignJWT({ sid: md5uuid(`family${i}`) })
    .setProtectedHeader({ alg: 'HS256', typ: 'access+jwt' })
    .setSubject(md5uuid(`user${i}`))
    .setIssuer('chorus')
    .setAudience('chorus-api')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(secret);
}

function pkgVersion(name, base = root) {
  try {
    return JSON.parse(readFileSync(path.join(base, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/** One autocannon run in its own process. */
async function load({ url, body, token, connections, durationSeconds }) {
  const options = { url, body, connections, durationSeconds, headers: token ? { authorization: `Bearer ${token}` } : {} };
  const stdout = await runProcess(NODE, ['bench/load/http.mjs', JSON.stringify(options)], { timeoutMs: (durationSeconds + 60) * 1000 });
  return lastJsonLine(stdout);
}

async function control(server, what = 'stats') {
  const response = await fetch(`http://127.0.0.1:${server.info.controlPort}/${what}`);
  return response.json();
}

function loadavg() {
  return os.loadavg().map((v) => v.toFixed(2)).join(' / ');
}

async function topProcesses() {
  try {
    const out = await runProcess('ps', ['-eo', 'pcpu,rss,comm', '--sort=-pcpu', '--no-headers'], { timeoutMs: 5000 });
    return out.trim().split('\n').slice(0, 6).map((line) => line.trim().replace(/\s+/g, ' '));
  } catch {
    return [];
  }
}

/** Interleaves the candidates' runs (A B A B ...) so drift in background load hits both alike. */
async function compare(candidates, { body, connections, label }) {
  const runs = Object.fromEntries(candidates.map((c) => [c.name, []]));
  for (const c of candidates) {
    log(`${label}: warm-up ${c.name} (${S.warmupSeconds} s)`);
    await load({ url: c.url, body: c.body ?? body, token: c.token, connections, durationSeconds: S.warmupSeconds });
  }
  for (let r = 0; r < S.repeats; r++) {
    for (const c of candidates) {
      await c.counter?.reset();
      const cpuBefore = cpuSnapshot([c.pid], postmasterPid());
      const result = await load({ url: c.url, body: c.body ?? body, token: c.token, connections, durationSeconds: S.durationSeconds });
      const cpuAfter = cpuSnapshot([c.pid], postmasterPid());
      result.serverCpuMsPerRequest = (cpuAfter.processes - cpuBefore.processes) / Math.max(1, result.requests);
      result.dbCpuMsPerRequest = postmasterPid() ? (cpuAfter.children - cpuBefore.children) / Math.max(1, result.requests) : null;
      const statements = await c.counter?.read();
      if (statements) {
        result.statementsPerRequest = statements.total / Math.max(1, result.requests);
        result.topStatements = statements.top;
      }
      result.load = loadavg();
      runs[c.name].push(result);
      log(`${label}: ${c.name} run ${r + 1}/${S.repeats}: ${fmt.int(result.rps)} req/s, p99 ${result.latency.p99} ms, CPU ${fmt.num(result.serverCpuMsPerRequest * 1000, 0)} µs/req` +
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
      failures: list.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      runs: list,
    };
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Set-up

const cleanup = [];
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping`);
    killAll();
    Promise.allSettled(cleanup.reverse().map((step) => step())).finally(() => process.exit(130));
  });
}
process.on('exit', killAll);

async function ensurePostgraphile() {
  const dir = path.join(root, 'bench/peers/postgraphile');
  if (existsSync(path.join(dir, 'node_modules/postgraphile/package.json'))) return null;
  log('installing PostGraphile (npm ci --prefix bench/peers/postgraphile)');
  try {
    await runProcess('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { timeoutMs: 300_000 });
    return null;
  } catch (error) {
    return `npm ci --prefix bench/peers/postgraphile failed (offline?): ${String(error.message).split('\n')[0].slice(0, 200)}`;
  }
}

async function main() {
  const started = Date.now();
  results.startedAt = new Date().toISOString();
  results.machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAtStart: loadavg(),
    busiestAtStart: await topProcesses(),
    ulimitFiles: await runProcess('bash', ['-c', 'ulimit -n'], { timeoutMs: 5000 }).then((s) => s.trim(), () => 'unknown'),
  };
  let commit = 'unknown';
  try {
    const head = readFileSync('.git/HEAD', 'utf8').trim();
    commit = head.startsWith('ref: ') ? readFileSync(path.join('.git', head.slice(5)), 'utf8').trim().slice(0, 12) : head.slice(0, 12);
  } catch {
    // not a checkout
  }
  results.versions = {
    chorus: `${JSON.parse(readFileSync('package.json', 'utf8')).version} (${commit}, uncommitted changes included)`,
    graphql: pkgVersion('graphql'),
    'type-graphql': pkgVersion('type-graphql'),
    '@apollo/server': pkgVersion('@apollo/server'),
    express: pkgVersion('express'),
    'graphql-ws': pkgVersion('graphql-ws'),
    ws: pkgVersion('ws'),
    '@mikro-orm/core': pkgVersion('@mikro-orm/core'),
    mercurius: pkgVersion('mercurius'),
    'graphql-jit': pkgVersion('graphql-jit'),
    fastify: pkgVersion('fastify'),
    postgraphile: pkgVersion('postgraphile', path.join(root, 'bench/peers/postgraphile')),
    autocannon: pkgVersion('autocannon'),
  };

  const peerProblem = { mercurius: null, postgraphile: null };
  if (!PEERS) peerProblem.mercurius = peerProblem.postgraphile = 'skipped (--no-peers)';
  else if (wants('w2')) {
    peerProblem.postgraphile = await ensurePostgraphile();
    results.versions.postgraphile = pkgVersion('postgraphile', path.join(root, 'bench/peers/postgraphile'));
  }
  if (peerProblem.postgraphile) log(`PostGraphile peer skipped: ${peerProblem.postgraphile}`);

  // PostgreSQL and the data set.
  log(`starting PostgreSQL (${MODE})`);
  const postgres = await startPostgres(workDir, () => {});
  cleanup.push(() => postgres.stop());
  postmasterPid = () => postgres.postmasterPid();
  results.database = { description: postgres.description, settings: postgres.embedded ? POSTGRES_SETTINGS : 'as configured by DATABASE_URL' };
  results.versions.postgresql = await withClient(postgres.adminUrl, async (c) => (await c.query('show server_version')).rows[0].server_version);
  log(`preparing the data set (${S.users} users, ${S.tweets} tweets, ${S.likesPerUser} likes per user)`);
  const prepared = lastJsonLine(
    await runProcess(NODE, [...TS, 'bench/servers/prepare-db.ts'], {
      env: {
        ...process.env,
        BENCH_ADMIN_URL: postgres.adminUrl,
        BENCH_TEMPLATE: TEMPLATE,
        BENCH_DATABASE: DATABASE,
        BENCH_USERS: String(S.users),
        BENCH_TWEETS: String(S.tweets),
        BENCH_LIKES: String(S.likesPerUser),
      },
      timeoutMs: 600_000,
    }),
  );
  results.dataSet = prepared;
  log(`data set ready in ${(prepared.ms / 1000).toFixed(1)} s (${prepared.templateBuilt ? 'template built' : 'template reused'}): ${JSON.stringify(prepared.counts)}`);
  const databaseUrl = postgres.urlFor(DATABASE);
  const counter = new StatementCounter(postgres.adminUrl, DATABASE);

  const tokens = [];
  for (let i = 1; i <= S.users; i++) tokens.push(await accessToken(i));
  const viewerToken = tokens[0];

  // Servers: Chorus (always), and the peers the chosen workloads need; started side by side.
  const chorusEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(workDir, 'chorus-data'),
    BENCH_CONTROL: '1',
    BENCH_HEAP_DIR: path.join(workDir, 'heap'),
  };
  if (flags.heap) mkdirSync(chorusEnv.BENCH_HEAP_DIR, { recursive: true });
  const profileDir = path.join(workDir, 'profiles');
  const chorusArgs = ['--expose-gc', ...(flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...TS, 'bench/servers/chorus-server.ts'];
  if (wants('phone')) {
    // Before Chorus starts: it serves the web client only if client/dist exists by then.
    log('phone: building the web client if it is stale');
    try {
      log(`phone: web client ${await preparePhone({ node: NODE, ts: TS })}`);
    } catch (error) {
      results.workloads.phone = { error: String(error.message ?? error) };
    }
  }
  log('starting Chorus' + (PEERS ? ' and the peers' : ''));
  const starting = {
    chorus: startServer({ name: 'chorus', command: NODE, args: chorusArgs, env: chorusEnv, logDir }),
  };
  if (PEERS && wants('w1')) {
    starting.mercurius = startServer({
      name: 'mercurius',
      command: NODE,
      args: [...TS, 'bench/peers/mercurius/server.ts'],
      env: { ...process.env, NODE_ENV: 'production', JWT_SECRET, DATA_DIR: path.join(workDir, 'chorus-data'), PORT: '0' },
      logDir,
    });
  }
  if (PEERS && wants('w2') && !peerProblem.postgraphile) {
    starting.postgraphile = startServer({
      name: 'postgraphile',
      command: NODE,
      args: ['bench/peers/postgraphile/server.cjs'],
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, JWT_SECRET, PORT: '0' },
      logDir,
    });
  }
  const servers = {};
  for (const [name, promise] of Object.entries(starting)) {
    try {
      servers[name] = await promise;
      cleanup.push(() => servers[name].stop());
    } catch (error) {
      if (name === 'chorus') throw error;
      peerProblem[name] = String(error.message);
      log(`${name} did not start: ${error.message}`);
    }
  }
  const url = (name) => `http://127.0.0.1:${servers[name].info.port}/graphql`;
  const chorus = servers.chorus;
  log(`Chorus on ${url('chorus')}`);

  // ---- Phone: the web client on a slow phone (first, while the server is quiet) --------------
  if (wants('phone') && !results.workloads.phone) {
    try {
      results.workloads.phone = await phoneWorkload({ node: NODE, ts: TS, origin: url('chorus').replace(/\/graphql$/, ''), runs: S.phoneRuns ?? 3, graphql, log });
      results.workloads.phone.load = loadavg();
    } catch (error) {
      results.workloads.phone = { error: String(error.message ?? error) };
      log(`phone failed: ${results.workloads.phone.error}`);
    }
  }

  // ---- W1: trivial query -------------------------------------------------------------------
  if (wants('w1')) {
    const w1 = (results.workloads.w1 = { peer: 'Mercurius + graphql-jit', peerProblem: peerProblem.mercurius });
    try {
      const candidates = [{ name: 'chorus', url: url('chorus'), pid: servers.chorus.child.pid }];
      if (servers.mercurius) candidates.push({ name: 'mercurius', url: url('mercurius'), pid: servers.mercurius.child.pid });
      for (const c of candidates) {
        const check = await graphql(c.url, API_INFO);
        if (!check.data?.apiInfo?.version) throw new Error(`${c.name} answered apiInfo with ${JSON.stringify(check).slice(0, 300)}`);
      }
      Object.assign(w1, await compare(candidates, { body: JSON.stringify({ query: API_INFO }), connections: S.readConnections, label: 'W1 apiInfo' }));
    } catch (error) {
      w1.error = String(error.message ?? error);
      log(`W1 failed: ${w1.error}`);
    }
  }

  // ---- W2: feed, at 20 and at 100 tweets per page --------------------------------------------
  for (const { workload, first } of wants('w2') ? FEED_PAGES : []) {
    const w2 = (results.workloads[workload] = { first, peer: 'PostGraphile 4', peerProblem: peerProblem.postgraphile });
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
      Object.assign(w2, await compare(candidates, { connections: S.readConnections, label }));
    } catch (error) {
      w2.error = String(error.message ?? error) + (error.cause ? ` (${error.cause.message ?? error.cause})` : "");
      log(`${label} failed: ${w2.error}`);
    }
  }
  // The read peers are done: their processes would only sit on memory.
  for (const name of ['mercurius', 'postgraphile']) if (servers[name]) await servers[name].stop();

  // ---- W3: postTweet with and without subscribers -------------------------------------------
  let tag = 0;
  const postBody = (phase, seq, extra = '') => JSON.stringify({ query: POST_TWEET, variables: { input: { body: `[${phase}:${seq}] ${extra}`.trim() } } });
  if (wants('w3')) {
    const w3 = (results.workloads.w3 = { subscribers: S.w3Subscribers });
    const pool = new SubscriberPool({ url: url('chorus').replace('http', 'ws'), query: TWEET_EVENTS, tokens: tokens.slice(1) });
    try {
      const check = await graphql(url('chorus'), POST_TWEET, { token: viewerToken, variables: { input: { body: '[check:0] hello' } } });
      if (!check.data?.postTweet?.id) throw new Error(`postTweet answered ${JSON.stringify(check).slice(0, 300)}`);
      const run = async (label, withSubscribers) => {
        const phase = `w3r${++tag}`;
        if (withSubscribers) await pool.phase(phase);
        const body = postBody(phase, 0, 'benchmark mutation');
        const cpuBefore = cpuSnapshot([chorus.child.pid], postmasterPid());
        const result = await load({ url: url('chorus'), body, token: viewerToken, connections: S.writeConnections, durationSeconds: S.durationSeconds });
        const cpuAfter = cpuSnapshot([chorus.child.pid], postmasterPid());
        result.serverCpuMsPerRequest = (cpuAfter.processes - cpuBefore.processes) / Math.max(1, result.requests);
        result.dbCpuMsPerRequest = postmasterPid() ? (cpuAfter.children - cpuBefore.children) / Math.max(1, result.requests) : null;
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
  }

  // ---- W4 fan-out and W5 memory --------------------------------------------------------------
  if (wants('w4') || wants('w5')) {
    const w4 = (results.workloads.w4 = { rate: S.w4Rate, seconds: S.w4Seconds, levels: [] });
    const w5 = (results.workloads.w5 = { subscribers: S.w4Levels.at(-1) });
    const pool = new SubscriberPool({ url: url('chorus').replace('http', 'ws'), query: TWEET_EVENTS, tokens: tokens.slice(1) });
    const poster = tokens[0];
    const post = (phase, seq) =>
      graphql(url('chorus'), POST_TWEET, { token: poster, variables: { input: { body: `[${phase}:${seq}] fan-out at ${Date.now()}` } } }).then(
        (r) => Boolean(r.data?.postTweet?.id),
        () => false,
      );
    try {
      await sleep(1000);
      const baseline = await control(chorus, flags.heap ? 'heap-snapshot' : 'gc');
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
        if (level === S.w4Levels.at(-1) && wants('w5')) {
          const idle = await control(chorus, flags.heap ? 'heap-snapshot' : 'gc');
          if (flags.heap) log(`W5 heap snapshots: node bench/heap-diff.mjs ${baseline.file} ${idle.file} ${level}`);
          w5.idle = idle.memory;
          w5.serverSubscribers = idle.subscribers;
          w5.rssPerSubscriberKB = (idle.memory.rss - baseline.memory.rss) / level / 1024;
          w5.heapPerSubscriberKB = (idle.memory.heapUsed - baseline.memory.heapUsed) / level / 1024;
          log(`W5: ${fmt.kb(w5.rssPerSubscriberKB)} RSS, ${fmt.kb(w5.heapPerSubscriberKB)} heap per idle subscriber at ${level}`);
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
    if (wants('w4')) {
      // The floor: a bare `ws` server broadcasting one pre-serialised message per event to as many
      // sockets, clients in child processes — what no GraphQL server can beat on this machine.
      const level = S.w4Levels.at(-1);
      log(`W4 floor: bare ws broadcast to ${level} sockets`);
      try {
        w4.floor = lastJsonLine(await runProcess(NODE, ['bench/ws-floor.mjs', String(level), String(S.w4Rate * S.w4Seconds), String(S.w4Rate)], { timeoutMs: 300_000 }));
        log(`W4 floor ${level}: p50 ${fmt.ms(w4.floor.p50)}, p99 ${fmt.ms(w4.floor.p99)}, ${w4.floor.serverCpuUsPerDelivery} µs CPU per delivery`);
      } catch (error) {
        w4.floor = { error: String(error.message ?? error) };
      }
    }
    if (!wants('w4')) delete results.workloads.w4;
    if (!wants('w5')) delete results.workloads.w5;
  }

  await chorus.stop();

  // ---- Start-up ----------------------------------------------------------------------------
  if (wants('startup')) results.workloads.startup = await measureStartup();

  results.machine.loadAtEnd = loadavg();
  results.machine.busiestAtEnd = await topProcesses();
  results.totalSeconds = Math.round((Date.now() - started) / 1000);
}

/** `npm start` (node scripts/start.mjs) on an existing embedded database: spawn → "ready at". */
async function measureStartup() {
  const startup = { runs: [], dataDir: path.relative(root, path.join(workDir, 'startup-data')) };
  const env = { ...process.env, DATA_DIR: path.join(workDir, 'startup-data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const once = (timeoutMs) =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const child = track(spawn(NODE, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
      let output = '';
      let readyMs = null;
      let stopAt = null;
      let built = false;
      const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      const onData = (chunk) => {
        output += chunk;
        if (/building/.test(output)) built = true;
        if (readyMs === null && /ready at/.test(output)) {
          readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
          stopAt = process.hrtime.bigint();
          child.kill('SIGTERM');
        }
        if (QUICK && built && readyMs === null) child.kill('SIGTERM');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        const stopMs = stopAt === null ? null : Number(process.hrtime.bigint() - stopAt) / 1e6;
        resolve({ readyMs, stopMs, built, code, output: output.slice(-600) });
      });
    });
  // The first start creates the database (initdb, migrations) and builds dist/ when stale: untimed.
  log('start-up: preparing (first start creates the embedded database; builds dist/ when stale)');
  const prep = await once(QUICK ? 60_000 : 600_000);
  if (prep.readyMs === null) {
    startup.error = prep.built && QUICK
      ? 'skipped in --quick: `npm start` first has to build dist/ (the sources changed); run `npm run build` once'
      : `npm start did not get ready: ${prep.output.replace(/\s+/g, ' ').slice(-300)}`;
    log(`start-up: ${startup.error}`);
    return startup;
  }
  for (let i = 0; i < S.startupRuns + 2 && startup.runs.length < S.startupRuns; i++) {
    const run = await once(60_000);
    if (run.built) continue; // someone changed the sources meanwhile: that start included a build
    if (run.readyMs === null) {
      startup.error = `npm start did not get ready: ${run.output.replace(/\s+/g, ' ').slice(-300)}`;
      break;
    }
    startup.runs.push(run.readyMs);
    (startup.stops ??= []).push(run.stopMs);
    log(`start-up: ready in ${(run.readyMs / 1000).toFixed(2)} s (SIGTERM → exit ${(run.stopMs / 1000).toFixed(1)} s)`);
  }
  startup.medianMs = median(startup.runs);
  return startup;
}

// ---------------------------------------------------------------------------------------------
// Report

function verdict(ok) {
  return ok == null ? '—' : ok ? 'yes' : '**no**';
}

function render() {
  const w = results.workloads;
  const rows = [];
  const row = (workload, metric, chorus, peer, ratio, target, met) => rows.push(`| ${workload} | ${metric} | ${chorus} | ${peer} | ${ratio} | ${target} | ${met} |`);
  const us = (ms) => (ms == null ? 'n/a' : `${Math.round(ms * 1000)} µs`);
  const cpu = (x, db = false) => (db && x.dbCpuMs != null ? `${us(x.serverCpuMs + x.dbCpuMs)} (${us(x.serverCpuMs)} + ${us(x.dbCpuMs)})` : us(x.serverCpuMs));
  const failed = (workload, error) => row(workload, 'failed', error.replace(/\|/g, '/').slice(0, 200), '', '', '', '**no**');

  if (w.w1) {
    if (w.w1.error) failed('W1 trivial query (`apiInfo`)', w.w1.error);
    else {
      const c = w.w1.chorus;
      const m = w.w1.mercurius;
      const ratio = m ? c.rps / m.rps : null;
      const cpuRatio = m ? c.serverCpuMs / m.serverCpuMs : null;
      row('W1 trivial query (`apiInfo`)', 'req/s', fmt.int(c.rps), m ? fmt.int(m.rps) : `n/a (${w.w1.peerProblem})`, fmt.ratio(ratio), '≥ 0.5× Mercurius', verdict(ratio == null ? null : ratio >= 0.5));
      row('W1 trivial query (`apiInfo`)', 'p99 latency', fmt.ms(c.p99), m ? fmt.ms(m.p99) : 'n/a', m ? fmt.ratio(c.p99 / m.p99) : 'n/a', '', '');
      row('W1 trivial query (`apiInfo`)', 'server CPU per request', cpu(c), m ? cpu(m) : 'n/a', fmt.ratio(cpuRatio), '≤ 2.5× Mercurius', verdict(cpuRatio == null ? null : cpuRatio <= 2.5));
    }
  }
  for (const { workload } of FEED_PAGES) {
    const f = w[workload];
    if (!f) continue;
    const name = `W2 feed (${f.first} tweets, signed in)`;
    if (f.error) failed(name, f.error);
    else {
      const c = f.chorus;
      const p = f.postgraphile;
      const ratio = p ? c.rps / p.rps : null;
      row(name, 'req/s', fmt.int(c.rps), p ? fmt.int(p.rps) : `n/a (${f.peerProblem})`, fmt.ratio(ratio), '≥ 1.0× PostGraphile', verdict(ratio == null ? null : ratio >= 1));
      row(name, 'p99 latency', fmt.ms(c.p99), p ? fmt.ms(p.p99) : 'n/a', p ? fmt.ratio(c.p99 / p.p99) : 'n/a', '', '');
      row(name, 'CPU per request: server + PostgreSQL', cpu(c, true), p ? cpu(p, true) : 'n/a', p && c.dbCpuMs != null ? fmt.ratio((c.serverCpuMs + c.dbCpuMs) / (p.serverCpuMs + p.dbCpuMs)) : 'n/a', '', '');
      row(name, 'SQL statements / request', fmt.num(c.statementsPerRequest, 2), p ? fmt.num(p.statementsPerRequest, 2) : 'n/a', '', '≤ 3', verdict(c.statementsPerRequest == null ? null : c.statementsPerRequest <= 3));
    }
  }
  if (w.w3) {
    if (w.w3.error) failed('W3 `postTweet`', w.w3.error);
    else {
      const ratio = w.w3.withSubscribers.rps / w.w3.baseline.rps;
      row(`W3 \`postTweet\` (${fmt.int(w.w3.subscribers)} subscribers vs none)`, 'mutations/s', fmt.int(w.w3.withSubscribers.rps), fmt.int(w.w3.baseline.rps) + ' (no subscribers)', fmt.ratio(ratio), '≥ 0.7×', verdict(ratio >= 0.7));
      row(`W3 \`postTweet\` (${fmt.int(w.w3.subscribers)} subscribers vs none)`, 'p99 latency', fmt.ms(w.w3.withSubscribers.p99), fmt.ms(w.w3.baseline.p99), '', '', '');
      row(`W3 \`postTweet\` (${fmt.int(w.w3.subscribers)} subscribers vs none)`, 'CPU per mutation: server + PostgreSQL', cpu(w.w3.withSubscribers, true), cpu(w.w3.baseline, true), '', '', '');
      row(`W3 \`postTweet\` (${fmt.int(w.w3.subscribers)} subscribers vs none)`, 'events delivered', fmt.pct(w.w3.withSubscribers.delivered), '', '', '', '');
    }
  }
  if (w.w4) {
    for (const level of w.w4.levels) {
      const name = `W4 fan-out, ${fmt.int(level.subscribers)} subscribers, ${w.w4.rate} tweets/s`;
      if (level.delivered == null) continue;
      const last = level.subscribers === S.w4Levels.at(-1);
      row(name, 'commit→receipt p50 / p99', `${fmt.ms(level.p50)} / ${fmt.ms(level.p99)}`, '', '', last ? 'p99 < 100 ms' : '', last ? verdict(level.p99 < 100) : '');
      row(name, 'delivered', `${fmt.pct(level.delivered)} (${fmt.int(level.received)} of ${fmt.int(level.expected)})`, '', '', last ? '100 %' : '', last ? verdict(level.delivered === 1 && level.duplicates === 0) : '');
    }
    const f = w.w4.floor;
    if (f && !f.error) {
      row(`W4 floor: bare \`ws\` broadcast (no GraphQL), ${fmt.int(f.subscribers)} sockets`, 'p50 / p99; CPU per delivery', `${fmt.ms(f.p50)} / ${fmt.ms(f.p99)}; ${f.serverCpuUsPerDelivery} µs`, '', '', 'reference', '');
    }
    const top = w.w4.levels.at(-1);
    if (top?.serverCpuMsPerEvent != null) {
      row(`W4 fan-out, ${fmt.int(top.subscribers)} subscribers`, 'server CPU per delivery', `${(top.serverCpuMsPerEvent * 1000 / top.subscribers).toFixed(1)} µs`, f && !f.error ? `${f.serverCpuUsPerDelivery} µs (bare ws)` : '', f && !f.error ? fmt.ratio((top.serverCpuMsPerEvent * 1000 / top.subscribers) / f.serverCpuUsPerDelivery) : '', '', '');
    }
    if (w.w4.error) failed('W4 fan-out', w.w4.error);
  }
  if (w.w5) {
    if (w.w5.rssPerSubscriberKB == null) failed('W5 memory per idle subscriber', w.w5.error ?? 'not measured');
    else {
      row(`W5 memory per idle subscriber (${fmt.int(w.w5.subscribers)}, after GC)`, 'RSS', fmt.kb(w.w5.rssPerSubscriberKB), '', '', '≤ 20 KB', verdict(w.w5.rssPerSubscriberKB <= 20));
      row(`W5 memory per idle subscriber (${fmt.int(w.w5.subscribers)}, after GC)`, 'JS heap', fmt.kb(w.w5.heapPerSubscriberKB), '', '', '', '');
    }
  }
  if (w.phone) phoneRows(w.phone, { row, failed, verdict });
  if (w.startup) {
    if (w.startup.medianMs == null) failed('Start-up (`npm start`, existing DB)', w.startup.error ?? 'not measured');
    else row('Start-up (`npm start`, existing DB)', 'spawn → "ready at"', `${(w.startup.medianMs / 1000).toFixed(2)} s`, '', '', '< 3 s', verdict(w.startup.medianMs < 3000));
  }

  const details = [];
  const detail = (line) => details.push(line);
  if (w.w1 && !w.w1.error) {
    for (const name of ['chorus', 'mercurius']) {
      if (!w.w1[name]) continue;
      detail(`- W1 ${name}: ${w.w1[name].runs.map((r) => `${fmt.int(r.rps)} req/s (p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms)`).join('; ')}`);
    }
  }
  for (const { workload } of FEED_PAGES) {
    const f = w[workload];
    if (!f || f.error) continue;
    for (const name of ['chorus', 'postgraphile']) {
      if (!f[name]) continue;
      detail(`- W2 (${f.first}) ${name}: ${f[name].runs.map((r) => `${fmt.int(r.rps)} req/s (p99 ${r.latency.p99} ms, ${fmt.num(r.statementsPerRequest, 2)} stmt/req)`).join('; ')}`);
      const top = f[name].runs.at(-1)?.topStatements;
      if (top) detail(`  - statements of the last run: ${top.slice(0, 6).map((s) => `${s.calls}× \`${s.query.replace(/`/g, "'").slice(0, 70)}\``).join(', ')}`);
    }
    detail(`- W2 (${f.first}) both peers return the same ${f.first} tweets, like counts, authors and likedByMe (${f.likedByMeTrue} liked by the viewer); counted with ${f.statementCounting}.`);
  }
  if (w.w3 && !w.w3.error) {
    detail(`- W3 no subscribers: ${w.w3.baseline.runs.map((r) => `${fmt.int(r.rps)}/s`).join(', ')}; with ${w.w3.subscribers}: ${w.w3.withSubscribers.runs.map((r) => `${fmt.int(r.rps)}/s (delivered ${r.delivery.received}/${r.delivery.expected}${r.delivery.errors ? `, ${r.delivery.errors} errors: ${r.delivery.firstError}` : ''})`).join(', ')}.`);
  }
  if (w.w4) {
    for (const l of w.w4.levels) {
      if (l.delivered == null) continue;
      detail(`- W4 ${l.subscribers}: connected in ${(l.connectMs / 1000).toFixed(1)} s; ${l.posted} tweets posted; max ${fmt.ms(l.max)}; duplicates ${l.duplicates}; errors ${l.errors}; ` +
        `server CPU ${l.serverCpuMsPerEvent.toFixed(1)} ms per event (${(l.serverCpuMsPerEvent * 1000 / l.subscribers).toFixed(1)} µs per delivery); subscriber processes ${l.clientRssMiB} MiB RSS; load ${l.load}` +
        (l.firstError ? `; first error: ${l.firstError}` : ''));
    }
  }
  if (w.w5 && w.w5.idle) {
    const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    detail(`- W5 server after GC: before subscribers RSS ${mib(w.w5.baseline.rss)}, heap ${mib(w.w5.baseline.heapUsed)}; with ${w.w5.serverSubscribers} idle subscribers RSS ${mib(w.w5.idle.rss)}, heap ${mib(w.w5.idle.heapUsed)}, external ${mib(w.w5.idle.external)}.`);
  }
  if (w.phone) for (const line of phoneDetails(w.phone)) detail(line);
  if (w.startup?.runs?.length) {
    detail(`- Start-up runs: ${w.startup.runs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} (DATA_DIR ${w.startup.dataDir}); ` +
      `SIGTERM → exit: ${(w.startup.stops ?? []).map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}.`);
  }

  const m = results.machine;
  const v = results.versions ?? {};
  let analysis = '';
  const analysisFile = path.join(root, 'bench/ANALYSIS.md');
  if (existsSync(analysisFile)) analysis = `\n${readFileSync(analysisFile, 'utf8').trim()}\n`;
  return `# Chorus benchmarks — results

Generated by \`npm run bench${QUICK ? ' -- --quick' : ''}\` on ${results.startedAt} in ${results.totalSeconds ?? '?'} s (${MODE} run${QUICK ? ': small data set and counts, a smoke test, not a measurement' : ''}). How to reproduce: [bench/README.md](README.md).

| Workload | Metric | Chorus | Peer / baseline | Ratio | Target | Met |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## Machine and conditions

- CPU: ${m.cpu}, ${m.cores} cores; ${m.memoryGiB} GiB memory; ${m.os}; Node ${m.node}; open-file limit ${m.ulimitFiles}.
- Load average (1/5/15 min) at start ${m.loadAtStart}, at end ${m.loadAtEnd ?? '?'}. Busiest processes at start: ${(m.busiestAtStart ?? []).map((p) => `\`${p}\``).join(', ') || 'n/a'}.
- Everything shares the same ${m.cores} cores: PostgreSQL, the server under test, the idle peers, and the load generators (autocannon; subscriber processes). ${results.notes.join(' ')}

## Versions

${Object.entries(v).map(([name, version]) => `${name} ${version}`).join(' · ')}

## Settings

- Data set (same database for every peer, seeded with \`generate_series\` after the migrations): ${results.dataSet ? `${fmt.int(results.dataSet.counts.users)} users, ${fmt.int(results.dataSet.counts.tweets)} tweets, ${fmt.int(results.dataSet.counts.likes)} likes` : 'n/a'}.
- Database: ${results.database?.description ?? 'n/a'}; settings ${JSON.stringify(results.database?.settings ?? {})}.
- HTTP workloads: autocannon, ${S.readConnections} connections (W1, W2) / ${S.writeConnections} (W3), warm-up ${S.warmupSeconds} s per server, then ${S.repeats} × ${S.durationSeconds} s per server, interleaved; the table shows medians. req/s counts 2xx responses; every response was checked for the right shape before the runs.
- Chorus: \`bench/servers/chorus-server.ts\` = \`startChorus()\` in-process (same code as \`npm start\`), NODE_ENV=production, LOG_LEVEL=warn (no per-operation log line), its own pool (10) against the benchmark database. Mercurius: the same \`chorusSchema()\`, Fastify + Mercurius, \`jit: 1\`. PostGraphile: 4.14.1 on schema \`public\`, JWT from the same secret, \`likedByMe\` as a computed column.
- Subscriptions: one graphql-ws socket and one \`tweetEvents\` subscription per subscriber (tokens of ${fmt.int(S.users - 1)} different users, round robin), ≤ 2,500 sockets per client process; W4 posts ${S.w4Rate} tweets/s for ${S.w4Seconds} s per level; latency = receipt time − the event's \`at\` (taken in the inserting transaction, same machine clock).

## Raw numbers

${details.join('\n')}
${results.errors.length ? `\n## Errors\n\n${results.errors.map((e) => `- ${e}`).join('\n')}\n` : ''}${analysis}`;
}

if (rendered) {
  Object.assign(results, rendered);
  writeFileSync(outFile, render());
  log(`re-rendered ${path.relative(root, outFile)} from ${flags['render-from']}`);
  process.exit(0);
}

try {
  await main();
} catch (error) {
  results.errors.push(String(error?.stack ?? error).split('\n').slice(0, 3).join(' '));
  log(`failed: ${error?.stack ?? error}`);
} finally {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  killAll();
}
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, render());
writeFileSync(outFile.replace(/\.md$/, '') + '.json', JSON.stringify(results, null, 2));
log(`wrote ${path.relative(root, outFile)}`);
process.exit(results.errors.length ? 1 : 0);
