// Chorus for the benchmark: the real `startChorus` in-process (same code as `npm start`), plus a
// bench-only control port on loopback (GC, memory, subscriber count, heap snapshots, W6's catch-up),
// enabled by BENCH_CONTROL=1, and BENCH_NOTIFY=after-commit|off|in-transaction (W6: the notification
// path, default as shipped).
// Never part of the production server. Run with:
//   node --expose-gc --import @swc-node/register/esm-register bench/servers/chorus-server.ts
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeHeapSnapshot } from 'node:v8';
import { startChorus } from '../../server/src/app/chorus.js';
import { loadConfig } from '../../server/src/config.js';

const config = loadConfig();
// W6 only: which notification path this Chorus takes (StartOptions.notifications); default as shipped.
const NOTIFICATIONS = ['after-commit', 'off', 'in-transaction'] as const;
const notifications = (process.env.BENCH_NOTIFY ?? 'after-commit') as (typeof NOTIFICATIONS)[number];
if (!NOTIFICATIONS.includes(notifications)) throw new Error(`BENCH_NOTIFY must be one of ${NOTIFICATIONS.join(', ')}`);
const chorus = await startChorus(config, { notifications });

function memory() {
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers };
}

async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start with --expose-gc');
  // A few rounds with pauses: weak references and finalizers settle over more than one cycle.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Reads the log up to where it stands and waits until the relay's position stays put (W6 calls it
 * on every process between runs: what one run's writes leave unread is not read in the next run's
 * time).
 */
async function catchUp(): Promise<void> {
  const relay = chorus.app.relay;
  let last = relay.currentPosition;
  for (let quiet = 0, i = 0; quiet < 3 && i < 200; i++) {
    relay.wake();
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = relay.currentPosition;
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

let controlPort = 0;
if (process.env.BENCH_CONTROL === '1') {
  const control = http.createServer((req, res) => {
    void (async () => {
      const body: Record<string, unknown> = { subscribers: chorus.app.relay.subscriberCount, cpu: process.cpuUsage() };
      if (req.url === '/gc') await collectGarbage();
      if (req.url === '/catch-up') await catchUp();
      if (req.url === '/heap-snapshot') {
        await collectGarbage();
        body.file = writeHeapSnapshot(process.env.BENCH_HEAP_DIR ? `${process.env.BENCH_HEAP_DIR}/chorus-${Date.now()}.heapsnapshot` : undefined);
      }
      body.memory = memory();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  control.unref();
  controlPort = (control.address() as AddressInfo).port;
}

process.stdout.write(`BENCH_READY ${JSON.stringify({ port: chorus.port, controlPort, pid: process.pid })}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  chorus.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// The runner going away (even killed) ends this server too.
process.stdin.on('end', stop);
process.stdin.resume();
