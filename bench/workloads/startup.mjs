// Start-up: `npm start` (node scripts/start.mjs) on an existing embedded database (a prepared
// DATA_DIR): spawn → "ready at" printed, median of S.startupRuns. The first start (initdb, build if
// dist/ is stale) is not timed; a start that rebuilt because sources changed meanwhile is discarded.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { median, track } from '../lib/util.mjs';

const NAME = 'Start-up (`npm start`, existing DB)';

export async function startupWorkload({ root, workDir, quick, settings: S, log }) {
  const startup = { runs: [], dataDir: path.relative(root, path.join(workDir, 'startup-data')) };
  const env = { ...process.env, DATA_DIR: path.join(workDir, 'startup-data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const once = (timeoutMs) =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const child = track(spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
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
        if (quick && built && readyMs === null) child.kill('SIGTERM');
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
  const prep = await once(quick ? 60_000 : 600_000);
  if (prep.readyMs === null) {
    startup.error = prep.built && quick
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

export function startupRows(startup, { row, failed, verdict }) {
  if (startup.medianMs == null) return failed(NAME, startup.error ?? 'not measured');
  row(NAME, 'spawn → "ready at"', `${(startup.medianMs / 1000).toFixed(2)} s`, '', '', '< 3 s', verdict(startup.medianMs < 3000));
}

export function startupDetails(startup) {
  if (!startup.runs?.length) return [];
  return [`- Start-up runs: ${startup.runs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} (DATA_DIR ${startup.dataDir}); ` +
    `SIGTERM → exit: ${(startup.stops ?? []).map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}.`];
}
