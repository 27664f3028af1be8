import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Every child this runner started; killed (by pid) when the runner ends, however it ends. */
const children = new Set();

export function killAll() {
  for (const child of children) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * Starts a long-running server process whose stdout prints `BENCH_READY {json}` once it listens.
 * Its output goes to `<logDir>/<name>.log`. Resolves to `{ child, info, stop() }`.
 */
export function startServer({ name, command, args, env, logDir, timeoutMs = 120_000 }) {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = track(spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] }));
  child.stderr.pipe(log);
  return new Promise((resolve, reject) => {
    let buffer = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s (see ${logFile})`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      if (ready) return;
      buffer += chunk.toString();
      const match = /BENCH_READY (\{.*\})/.exec(buffer);
      if (match) {
        ready = true;
        clearTimeout(timer);
        const info = JSON.parse(match[1]);
        resolve({
          child,
          info,
          logFile,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((done) => child.once('exit', done));
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${name} exited (${code ?? signal}) before it was ready; see ${logFile}`));
    });
  });
}

/** Runs a process to completion; resolves to its stdout (rejects on a non-zero exit). */
export function runProcess(command, args, { env = process.env, timeoutMs = 600_000, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed (${code ?? signal}): ${stderr.slice(-1500) || stdout.slice(-1500)}`));
    });
  });
}

export function lastJsonLine(stdout) {
  const lines = stdout.trim().split('\n').filter((line) => line.startsWith('{'));
  return JSON.parse(lines.at(-1));
}

export async function graphql(url, query, { token, variables } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...JSON.parse(text) };
  } catch {
    return { status: response.status, errors: [{ message: text.slice(0, 300) }] };
  }
}

export const fmt = {
  int: (v) => (v == null ? 'n/a' : Math.round(v).toLocaleString('en-US')),
  num: (v, digits = 1) => (v == null ? 'n/a' : v.toFixed(digits)),
  ms: (v) => (v == null ? 'n/a' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`),
  ratio: (v) => (v == null ? 'n/a' : `${v.toFixed(2)}×`),
  pct: (v) => (v == null ? 'n/a' : `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 2)} %`),
  kb: (v) => (v == null ? 'n/a' : `${v.toFixed(1)} KB`),
};

const TICK_MS = 10; // CLK_TCK is 100 on Linux

function cpuTicksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime and stime are fields 14 and 15.
    // cutime and cstime (16, 17): children that have exited (backends that closed meanwhile).
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

/**
 * CPU time (ms) used so far by the given processes and by every child of `parentPid` (PostgreSQL's
 * backends under its postmaster): noise from other work on the machine does not inflate it the way
 * it inflates latency, so it compares servers fairly on a shared machine.
 */
export function cpuSnapshot(pids, parentPid) {
  const result = { processes: 0, children: 0 };
  for (const pid of pids) result.processes += (cpuTicksOf(pid)?.ticks ?? 0) * TICK_MS;
  if (parentPid) {
    const parent = cpuTicksOf(parentPid);
    result.children += ((parent?.ticks ?? 0) + (parent?.reaped ?? 0)) * TICK_MS;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const info = cpuTicksOf(entry);
      if (info && info.ppid === parentPid) result.children += info.ticks * TICK_MS;
    }
  }
  return result;
}
