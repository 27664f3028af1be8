// Subscription load generator: many graphql-ws sockets in one process (forked by the runner, which
// talks to it over IPC). Speaks the graphql-transport-ws protocol directly on `ws`, one socket and
// one subscription per subscriber, and parses every message it receives — a lean client, so the
// server (not this process) is what is measured.
//
// First IPC message: { cmd: 'start', config: { url, tokens: string[], count, query, variables?, concurrency? } }
// (not argv: a thousand tokens are more than a command line may hold).
// Tweet bodies posted by the runner start with `[<phase>:<seq>]`; a subscriber counts the events
// of the current phase, checks their order and records `receipt time - event.at` in ms. Order: each
// subscriber's cursors must rise (they sort as strings in the log's order), so a duplicate or an
// event out of order counts in `outOfOrder`, whatever its seq.
import WebSocket from 'ws';

const config = await new Promise((resolve) => {
  const first = (message) => {
    if (message.cmd !== 'start') return;
    process.off('message', first);
    resolve(message.config);
  };
  process.on('message', first);
});
const sockets = [];
let phase = null;
// Which (subscriber, seq) pairs arrived in this phase: a second arrival is a duplicate.
const MAX_SEQ = 256;
let seen = new Uint8Array(config.count * MAX_SEQ);
// Each subscriber's last cursor, over every phase.
const lastCursor = new Array(config.count).fill('');
let stats = freshStats();
let closing = false;

function freshStats() {
  return { received: 0, duplicates: 0, outOfOrder: 0, outOfPhase: 0, latencies: [], bySeq: {}, errors: 0, completes: 0, closed: 0, firstError: null };
}

const BODY_TAG = /^\[([\w-]+):(\d+)\]/;

function onMessage(index, socket, raw) {
  const message = JSON.parse(raw);
  switch (message.type) {
    case 'connection_ack':
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: config.query, variables: config.variables ?? {} } }));
      socket.subscribed();
      return;
    case 'next': {
      const received = Date.now();
      const event = message.payload?.data?.tweetEvents;
      if (!event) {
        stats.errors++;
        stats.firstError ??= JSON.stringify(message.payload).slice(0, 300);
        return;
      }
      if (typeof event.cursor === 'string') {
        if (event.cursor <= lastCursor[index]) stats.outOfOrder++;
        lastCursor[index] = event.cursor;
      }
      const match = BODY_TAG.exec(event.tweet?.body ?? '');
      if (!match || match[1] !== phase) {
        stats.outOfPhase++;
        return;
      }
      const seq = Number(match[2]);
      if (seq < MAX_SEQ) {
        if (seen[index * MAX_SEQ + seq]) stats.duplicates++;
        seen[index * MAX_SEQ + seq] = 1;
      }
      stats.received++;
      stats.bySeq[seq] = (stats.bySeq[seq] ?? 0) + 1;
      stats.latencies.push(received - Date.parse(event.at));
      return;
    }
    case 'ping':
      socket.send(JSON.stringify({ type: 'pong' }));
      return;
    case 'error':
      stats.errors++;
      stats.firstError ??= JSON.stringify(message.payload).slice(0, 300);
      return;
    case 'complete':
      stats.completes++;
      return;
    default:
  }
}

function open(index) {
  return new Promise((resolve) => {
    const token = config.tokens[index % config.tokens.length];
    const socket = new WebSocket(config.url, 'graphql-transport-ws', { perMessageDeflate: false });
    let settled = false;
    const settle = (ok, why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok ? null : why);
    };
    const timer = setTimeout(() => {
      settle(false, 'timeout');
      socket.terminate();
    }, 30_000);
    socket.subscribed = () => settle(true);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => onMessage(index, socket, data));
    socket.on('error', (error) => settle(false, error.message));
    socket.on('close', (code, reason) => {
      if (!settled) settle(false, `closed ${code} ${reason}`);
      else if (!closing) {
        stats.closed++;
        stats.firstError ??= `closed ${code} ${reason}`;
      }
    });
    sockets[index] = socket;
  });
}

async function connectAll() {
  const started = Date.now();
  const concurrency = config.concurrency ?? 100;
  let next = 0;
  let failed = 0;
  let firstFailure = null;
  const worker = async () => {
    while (next < config.count) {
      const index = next++;
      let why = await open(index);
      if (why) why = await open(index); // one retry: a burst of connects can overflow the accept queue
      if (why) {
        failed++;
        firstFailure ??= why;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, config.count) }, worker));
  return { connected: config.count - failed, failed, firstFailure, ms: Date.now() - started };
}

process.on('message', (command) => {
  if (command.cmd === 'phase') {
    phase = command.phase;
    seen = new Uint8Array(config.count * MAX_SEQ);
    stats = freshStats();
    process.send({ type: 'phase', phase });
  } else if (command.cmd === 'report') {
    const { latencies, ...rest } = stats;
    process.send({ type: 'report', ...rest, latencies: command.latencies ? latencies : [], count: latencies.length, memory: process.memoryUsage().rss, cpu: process.cpuUsage() });
  } else if (command.cmd === 'close') {
    closing = true;
    for (const socket of sockets) socket?.terminate();
    setTimeout(() => process.exit(0), 100);
  }
});

process.on('disconnect', () => process.exit(0));

connectAll().then(
  (result) => process.send({ type: 'ready', ...result }),
  (error) => process.send({ type: 'ready', connected: 0, failed: config.count, firstFailure: String(error) }),
);
