// `npm run bench` — Chorus against its peers, side by side, in one run on this machine.
//
//   npm run bench                    full run (about 10 minutes), writes bench/RESULTS.md
//   npm run bench -- --quick         two or three minutes, small data set and counts (a smoke test)
//   options: --out <file.md>         where to write the table (a .json with the raw numbers goes beside it)
//            --only w1,w2,w3,w4,w5,w6,w7,startup,phone   run some workloads only
//            --no-peers               skip Mercurius and PostGraphile
//            --profile                start Chorus with --cpu-prof (profiles under bench/.work/<mode>/profiles)
//            --heap                   W5 also writes heap snapshots (compare them with bench/heap-diff.mjs)
//            --render-from <file.json> only re-render a results table (e.g. after editing bench/ANALYSIS.md)
//            --work-dir <dir>         PostgreSQL data, logs, profiles (default bench/.work/<full|quick>)
//
// Everything runs on loopback: PostgreSQL (embedded under bench/.work/, or DATABASE_URL), Chorus,
// the peers, and the load generators, each in its own process. This file starts them and runs the
// workloads (bench/workloads/, one file each); bench/report.mjs writes the results.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensurePostgraphile, machine, pkgVersion, versions } from './lib/environment.mjs';
import { loadavg, topProcesses } from './lib/measure.mjs';
import { POSTGRES_SETTINGS, StatementCounter, startPostgres, withClient } from './lib/postgres.mjs';
import { accessTokens } from './lib/tokens.mjs';
import { graphql, killAll, lastJsonLine, runProcess, startServer } from './lib/util.mjs';
import { writeReport } from './report.mjs';
import { phoneWorkload, preparePhone } from './workloads/phone.mjs';
import { startupWorkload } from './workloads/startup.mjs';
import { w1Workload } from './workloads/w1.mjs';
import { FEED_PAGES, w2Workload } from './workloads/w2.mjs';
import { w3Workload } from './workloads/w3.mjs';
import { fanOutWorkload } from './workloads/w4.mjs';
import { w6Workload } from './workloads/w6.mjs';
import { w7Workload } from './workloads/w7.mjs';

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

const log = (...parts) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const outFile = path.resolve(flags.out ?? path.join(root, 'bench/RESULTS.md'));
if (flags['render-from']) {
  writeReport(JSON.parse(readFileSync(flags['render-from'], 'utf8')), outFile, { root, json: false });
  log(`re-rendered ${path.relative(root, outFile)} from ${flags['render-from']}`);
  process.exit(0);
}

const QUICK = flags.quick;
const MODE = QUICK ? 'quick' : 'full';
const S = QUICK
  ? {
      users: 100, tweets: 5_000, likesPerUser: 20,
      warmupSeconds: 1, durationSeconds: 2, repeats: 1, readConnections: 20, writeConnections: 10,
      w3Subscribers: 100, w4Levels: [100, 250, 500], w5Level: 500, w4Rate: 5, w4Seconds: 2, startupRuns: 1, phoneRuns: 1,
      w7Instances: 3, w7SubscribersPerInstance: 50, w7Rate: 5, w7Seconds: 2,
      w6Writers: 32, w6Subscribers: 100, w6Repeats: 1, w6WarmupSeconds: 1,
    }
  : {
      users: 1_000, tweets: 100_000, likesPerUser: 100,
      warmupSeconds: 3, durationSeconds: 10, repeats: 3, readConnections: 20, writeConnections: 10,
      w3Subscribers: 1_000, w4Levels: [1_000, 5_000, 10_000, 20_000], w5Level: 10_000, w4Rate: 5, w4Seconds: 10, startupRuns: 5, phoneRuns: 5,
      w7Instances: 3, w7SubscribersPerInstance: 500, w7Rate: 5, w7Seconds: 10,
      w6Writers: 32, w6Subscribers: 1_000, w6Repeats: 5, w6WarmupSeconds: 10,
    };
const ONLY = flags.only ? new Set(flags.only.split(',').map((s) => s.trim().toLowerCase())) : null;
const wants = (workload) => !ONLY || ONLY.has(workload);
const PEERS = !flags['no-peers'];

const workDir = path.resolve(flags['work-dir'] ?? path.join(root, 'bench/.work', MODE));
const logDir = path.join(workDir, 'logs');
mkdirSync(logDir, { recursive: true });

const NODE = process.execPath;
const TS = ['--import', '@swc-node/register/esm-register'];
const JWT_SECRET = randomBytes(36).toString('base64url');
const TEMPLATE = `chorus_bench_template_${MODE}`;
const DATABASE = `chorus_bench_${MODE}`;

const results = { mode: MODE, settings: S, workloads: {}, notes: [], errors: [] };
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

/** PostgreSQL with a fresh copy of the data set: `{ postgres, databaseUrl }`. */
async function prepareDatabase() {
  log(`starting PostgreSQL (${MODE})`);
  const postgres = await startPostgres(workDir, () => {});
  cleanup.push(() => postgres.stop());
  results.database = { description: postgres.description, settings: postgres.embedded ? POSTGRES_SETTINGS : 'as configured by DATABASE_URL' };
  results.versions.postgresql = await withClient(postgres.adminUrl, async (c) => (await c.query('show server_version')).rows[0].server_version);
  log(`preparing the data set (${S.users} users, ${S.tweets} tweets, ${S.likesPerUser} likes per user)`);
  const env = { ...process.env, BENCH_ADMIN_URL: postgres.adminUrl, BENCH_TEMPLATE: TEMPLATE, BENCH_DATABASE: DATABASE, BENCH_USERS: String(S.users), BENCH_TWEETS: String(S.tweets), BENCH_LIKES: String(S.likesPerUser) };
  const prepared = lastJsonLine(await runProcess(NODE, [...TS, 'bench/servers/prepare-db.ts'], { env, timeoutMs: 600_000 }));
  results.dataSet = prepared;
  log(`data set ready in ${(prepared.ms / 1000).toFixed(1)} s (${prepared.templateBuilt ? 'template built' : 'template reused'}): ${JSON.stringify(prepared.counts)}`);
  return { postgres, databaseUrl: postgres.urlFor(DATABASE) };
}

/** One Chorus process (`name` names its log); W7 starts more than one on the same database. */
function startChorus(databaseUrl, name = 'chorus', env = {}) {
  const chorusEnv = {
    ...process.env,
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    // W4's 20,000 subscribers are 999 users' tokens: ~20 sockets each, the default cap per user.
    MAX_SOCKETS_PER_USER: '40',
    DATA_DIR: path.join(workDir, 'chorus-data'),
    BENCH_CONTROL: '1',
    BENCH_HEAP_DIR: path.join(workDir, 'heap'),
  };
  if (flags.heap) mkdirSync(chorusEnv.BENCH_HEAP_DIR, { recursive: true });
  const profileDir = path.join(workDir, 'profiles');
  const chorusArgs = ['--expose-gc', ...(flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...TS, 'bench/servers/chorus-server.ts'];
  return startServer({ name, command: NODE, args: chorusArgs, env: chorusEnv, logDir });
}

/** Chorus (always) and the peers the chosen workloads need, started side by side. */
async function startServers(databaseUrl, peerProblem) {
  log('starting Chorus' + (PEERS ? ' and the peers' : ''));
  const starting = { chorus: startChorus(databaseUrl) };
  if (PEERS && wants('w1')) {
    const env = { ...process.env, NODE_ENV: 'production', JWT_SECRET, DATA_DIR: path.join(workDir, 'chorus-data'), PORT: '0' };
    starting.mercurius = startServer({ name: 'mercurius', command: NODE, args: [...TS, 'bench/peers/mercurius/server.ts'], env, logDir });
  }
  if (PEERS && wants('w2') && !peerProblem.postgraphile) {
    const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, JWT_SECRET, PORT: '0' };
    starting.postgraphile = startServer({ name: 'postgraphile', command: NODE, args: ['bench/peers/postgraphile/server.cjs'], env, logDir });
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
  return servers;
}

async function main() {
  const started = Date.now();
  results.startedAt = new Date().toISOString();
  results.machine = await machine();
  results.versions = versions(root);

  const peerProblem = { mercurius: null, postgraphile: null };
  if (!PEERS) peerProblem.mercurius = peerProblem.postgraphile = 'skipped (--no-peers)';
  else if (wants('w2')) {
    peerProblem.postgraphile = await ensurePostgraphile(root, log);
    results.versions.postgraphile = pkgVersion('postgraphile', path.join(root, 'bench/peers/postgraphile'));
  }
  if (peerProblem.postgraphile) log(`PostGraphile peer skipped: ${peerProblem.postgraphile}`);

  const { postgres, databaseUrl } = await prepareDatabase();
  const tokens = await accessTokens(JWT_SECRET, S.users);
  if (wants('phone')) {
    // Before Chorus starts: it serves the web client only if client/dist exists by then.
    log('phone: building the web client if it is stale');
    try {
      log(`phone: web client ${await preparePhone({ node: NODE, ts: TS })}`);
    } catch (error) {
      results.workloads.phone = { error: String(error.message ?? error) };
    }
  }
  const servers = await startServers(databaseUrl, peerProblem);
  const url = (name) => `http://127.0.0.1:${servers[name].info.port}/graphql`;
  log(`Chorus on ${url('chorus')}`);
  const ctx = {
    root, workDir, quick: QUICK, settings: S, flags, wants, log, servers, url, peerProblem, databaseUrl, tokens,
    viewerToken: tokens[0],
    startChorus: (name, env) => startChorus(databaseUrl, name, env),
    counter: new StatementCounter(postgres.adminUrl, DATABASE),
    postmasterPid: () => postgres.postmasterPid(),
  };
  const w = results.workloads;

  // The phone first, while the server is quiet.
  if (wants('phone') && !w.phone) {
    try {
      w.phone = await phoneWorkload({ node: NODE, ts: TS, origin: url('chorus').replace(/\/graphql$/, ''), runs: S.phoneRuns ?? 3, graphql, log });
      w.phone.load = loadavg();
    } catch (error) {
      w.phone = { error: String(error.message ?? error) };
      log(`phone failed: ${w.phone.error}`);
    }
  }
  if (wants('w1')) w.w1 = await w1Workload(ctx);
  for (const page of wants('w2') ? FEED_PAGES : []) w[page.workload] = await w2Workload(ctx, page);
  // The read peers are done: their processes would only sit on memory.
  for (const name of ['mercurius', 'postgraphile']) if (servers[name]) await servers[name].stop();
  if (wants('w3')) w.w3 = await w3Workload(ctx);
  if (wants('w4') || wants('w5')) Object.assign(w, await fanOutWorkload(ctx));
  // Last of the write workloads: it writes at full speed, and the tables it grows would weigh on the others.
  if (wants('w6')) w.w6 = await w6Workload(ctx);
  await servers.chorus.stop();
  if (wants('w7')) w.w7 = await w7Workload(ctx);
  if (wants('startup')) w.startup = await startupWorkload(ctx);

  results.machine.loadAtEnd = loadavg();
  results.machine.busiestAtEnd = await topProcesses();
  results.totalSeconds = Math.round((Date.now() - started) / 1000);
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
writeReport(results, outFile, { root });
log(`wrote ${path.relative(root, outFile)}`);
process.exit(results.errors.length ? 1 : 0);
