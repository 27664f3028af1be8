// What RESULTS.md says about the run's conditions: the machine, the versions, and the PostGraphile
// peer's own install (bench/peers/postgraphile has its own package.json and lockfile).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadavg, topProcesses } from './measure.mjs';
import { runProcess } from './util.mjs';

export function pkgVersion(name, base) {
  try {
    return JSON.parse(readFileSync(path.join(base, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export async function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAtStart: loadavg(),
    busiestAtStart: await topProcesses(),
    ulimitFiles: await runProcess('bash', ['-c', 'ulimit -n'], { timeoutMs: 5000 }).then((s) => s.trim(), () => 'unknown'),
  };
}

export function versions(root) {
  let commit = 'unknown';
  try {
    const head = readFileSync('.git/HEAD', 'utf8').trim();
    commit = head.startsWith('ref: ') ? readFileSync(path.join('.git', head.slice(5)), 'utf8').trim().slice(0, 12) : head.slice(0, 12);
  } catch {
    // not a checkout
  }
  const version = (name) => pkgVersion(name, root);
  return {
    chorus: `${JSON.parse(readFileSync('package.json', 'utf8')).version} (${commit}, uncommitted changes included)`,
    graphql: version('graphql'),
    'type-graphql': version('type-graphql'),
    '@apollo/server': version('@apollo/server'),
    express: version('express'),
    'graphql-ws': version('graphql-ws'),
    ws: version('ws'),
    '@mikro-orm/core': version('@mikro-orm/core'),
    mercurius: version('mercurius'),
    'graphql-jit': version('graphql-jit'),
    fastify: version('fastify'),
    postgraphile: pkgVersion('postgraphile', path.join(root, 'bench/peers/postgraphile')),
    autocannon: version('autocannon'),
  };
}

/** Installs the PostGraphile peer when missing; returns why it cannot run, or null. */
export async function ensurePostgraphile(root, log) {
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
