// W5 on its own, at any level: Chorus (bench/servers/chorus-server.ts, as `npm run bench` starts
// it) with N idle `tweetEvents` subscribers (signed in, one subscription per socket, clients in
// child processes); server RSS and heap after forced GC, minus the same before any subscriber,
// per subscriber — measured `rounds` times as the subscribers grow (each round adds N / rounds).
// With --heap, heap snapshots before and at the end (compare with bench/heap-diff.mjs).
//   node bench/ws-idle.mjs [subscribers=10000] [--rounds 2] [--heap] [--work-dir <dir>]
// Uses the quick data set (100 users), so MAX_SOCKETS_PER_USER is raised for the server.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TWEET_EVENTS } from './lib/documents.mjs';
import { control } from './lib/measure.mjs';
import { startPostgres } from './lib/postgres.mjs';
import { SubscriberPool } from './lib/subscriber-pool.mjs';
import { accessTokens } from './lib/tokens.mjs';
import { killAll, lastJsonLine, runProcess, sleep, startServer } from './lib/util.mjs';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '2' }, heap: { type: 'boolean', default: false }, 'work-dir': { type: 'string' } },
});
const subscribers = Number(positionals[0] ?? 10_000);
const rounds = Number(flags.rounds);
const workDir = path.resolve(flags['work-dir'] ?? path.join(root, 'bench/.work/idle'));
const log = (...parts) => console.error(`[ws-idle ${new Date().toISOString().slice(11, 19)}]`, ...parts);
process.on('exit', killAll);

const NODE = process.execPath;
const TS = ['--import', '@swc-node/register/esm-register'];
const USERS = 100;
const JWT_SECRET = randomBytes(36).toString('base64url');
const postgres = await startPostgres(workDir);
try {
  const env = {
    ...process.env, BENCH_ADMIN_URL: postgres.adminUrl, BENCH_TEMPLATE: 'chorus_bench_template_idle', BENCH_DATABASE: 'chorus_bench_idle',
    BENCH_USERS: String(USERS), BENCH_TWEETS: '1000', BENCH_LIKES: '5',
  };
  lastJsonLine(await runProcess(NODE, [...TS, 'bench/servers/prepare-db.ts'], { env, timeoutMs: 600_000 }));
  const tokens = await accessTokens(JWT_SECRET, USERS);
  const heapDir = path.join(workDir, 'heap');
  if (flags.heap) mkdirSync(heapDir, { recursive: true });
  const chorus = await startServer({
    name: 'chorus',
    command: NODE,
    args: ['--expose-gc', ...TS, 'bench/servers/chorus-server.ts'],
    env: {
      ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: postgres.urlFor('chorus_bench_idle'), JWT_SECRET,
      LOG_LEVEL: 'warn', DATA_DIR: path.join(workDir, 'chorus-data'), BENCH_CONTROL: '1', BENCH_HEAP_DIR: heapDir,
      MAX_SOCKETS_PER_USER: String(Math.ceil(subscribers / USERS) + 10),
    },
    logDir: path.join(workDir, 'logs'),
  });
  const pool = new SubscriberPool({ url: `ws://127.0.0.1:${chorus.info.port}/graphql`, query: TWEET_EVENTS, tokens });
  try {
    await sleep(1000);
    const before = await control(chorus, flags.heap ? 'heap-snapshot' : 'gc');
    const results = [];
    for (let round = 1; round <= rounds; round++) {
      const level = Math.round((subscribers * round) / rounds);
      const grown = await pool.grow(level - pool.size);
      if (pool.failed) throw new Error(`${pool.failed} subscribers could not connect: ${pool.firstFailure}`);
      // Every subscription is open in the relay before it is measured.
      for (let waited = 0; (await control(chorus)).subscribers < level; waited += 200) {
        if (waited > 60_000) throw new Error('not every subscription reached the relay');
        await sleep(200);
      }
      await sleep(500);
      const last = round === rounds;
      const idle = await control(chorus, flags.heap && last ? 'heap-snapshot' : 'gc');
      const result = {
        subscribers: level,
        relaySubscribers: idle.subscribers,
        connectMs: grown.ms,
        rssPerSubscriberKB: +((idle.memory.rss - before.memory.rss) / level / 1024).toFixed(2),
        heapPerSubscriberKB: +((idle.memory.heapUsed - before.memory.heapUsed) / level / 1024).toFixed(2),
        heapTotalPerSubscriberKB: +((idle.memory.heapTotal - before.memory.heapTotal) / level / 1024).toFixed(2),
        externalPerSubscriberKB: +((idle.memory.external - before.memory.external) / level / 1024).toFixed(2),
        rssMiB: +(idle.memory.rss / 2 ** 20).toFixed(1),
        heapMiB: +(idle.memory.heapUsed / 2 ** 20).toFixed(1),
      };
      results.push(result);
      log(JSON.stringify(result));
      if (flags.heap && last) log(`heap snapshots: node bench/heap-diff.mjs ${before.file} ${idle.file} ${level}`);
    }
    console.log(JSON.stringify({ before: { rssMiB: +(before.memory.rss / 2 ** 20).toFixed(1), heapMiB: +(before.memory.heapUsed / 2 ** 20).toFixed(1) }, results }));
  } finally {
    await pool.close();
    await chorus.stop();
  }
} finally {
  await postgres.stop();
}
