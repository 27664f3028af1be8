// The floor under W5 on this machine: what an idle websocket costs the server with no Chorus in it.
// Each mode runs in a fresh server process (clients in child processes); RSS and heap after forced
// GC with N idle sockets, minus the same before any, per socket:
//   ws                  a bare `ws` server (perMessageDeflate off, as Chorus), sockets open and silent
//   graphql-ws          + graphql-ws's `useServer` (its default 12 s keep-alive: an interval per socket),
//                       each socket initialised and running one trivial subscription (a plain async
//                       iterator that never yields), as a W5 subscriber is with `tweetEvents`
//   graphql-ws-nokeep   the same with useServer's keep-alive off (keepAlive = 0), as Chorus runs it
//   graphql-ws-lean     and what else Chorus drops (server/src/app/graphql-ws.ts): the upgrade request
//                       after connecting, one parsed document for every socket, no query text kept
//   graphql-ws-lean-init  the same, sockets initialised (connection_ack) but running no subscription
//   direct              no graphql-ws: the graphql-transport-ws messages answered by a few lines on
//                       `ws`, each subscription one small record { socket, id, cursor } in a shared
//                       set (what per-group delivery needs of a member), listeners shared by all sockets
//   node bench/ws-idle-floor.mjs [sockets=10000] [modes=ws,graphql-ws,graphql-ws-nokeep,graphql-ws-lean,graphql-ws-lean-init,direct]
// With BENCH_HEAP_DIR set, the server writes a heap snapshot there at each measurement (bench/heap-diff.mjs).
import { fork } from 'node:child_process';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket, { WebSocketServer } from 'ws';

const PER_PROCESS = 2500;
const role = process.argv[2];

if (role === 'client') {
  const [port, count, mode] = [Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
  const graphqlWs = mode !== 'ws';
  const sockets = [];
  let ready = 0;
  const done = () => ++ready === count && process.send({ type: 'ready' });
  for (let i = 0; i < count; i++) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, graphqlWs ? 'graphql-transport-ws' : [], { perMessageDeflate: false });
    socket.on('open', () => (graphqlWs ? socket.send(JSON.stringify({ type: 'connection_init', payload: {} })) : done()));
    socket.on('message', (data) => {
      const message = JSON.parse(data);
      if (message.type === 'connection_ack' && mode.endsWith('-init')) done();
      else if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { idle }' } }));
        done();
      } else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    });
    socket.on('error', (error) => process.send({ type: 'error', error: error.message }));
    sockets.push(socket);
    if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.on('message', () => process.exit(0));
} else if (role === 'server') {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const mode = process.argv[3];
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/graphql', perMessageDeflate: false });
  await new Promise((resolve) => server.once('listening', resolve));
  let opened = 0;
  if (mode.startsWith('graphql-ws')) {
    const { buildSchema, parse } = await import('graphql');
    const { useServer } = await import('graphql-ws/use/ws');
    const schema = buildSchema('type Query { ok: Boolean } type Subscription { idle: Boolean }');
    const idle = () => {
      opened++;
      let wake = null;
      return {
        next: () => new Promise((resolve) => (wake = resolve)),
        return: () => {
          wake?.({ done: true, value: undefined });
          return Promise.resolve({ done: true, value: undefined });
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    };
    const document = parse('subscription { idle }');
    const lean = {
      onConnect: (ctx) => {
        Reflect.deleteProperty(ctx.extra, 'request');
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => {
        Reflect.deleteProperty(payload, 'query');
        return { schema, document, rootValue: { idle } };
      },
    };
    useServer({ schema, roots: { subscription: { idle } }, ...(mode.startsWith('graphql-ws-lean') && lean) }, server, mode === 'graphql-ws' ? undefined : 0);
  } else if (mode === 'direct') {
    const members = new Set();
    const operations = new WeakMap();
    function onMessage(data) {
      const message = JSON.parse(data);
      if (message.type === 'connection_init') this.send('{"type":"connection_ack"}');
      else if (message.type === 'subscribe') {
        const member = { socket: this, id: message.id, cursor: null };
        members.add(member);
        let mine = operations.get(this);
        if (!mine) operations.set(this, (mine = new Map()));
        mine.set(message.id, member);
        opened++;
      } else if (message.type === 'complete') {
        const member = operations.get(this)?.get(message.id);
        if (member) members.delete(member);
        operations.get(this)?.delete(message.id);
      }
    }
    function onClose() {
      for (const member of operations.get(this)?.values() ?? []) members.delete(member);
    }
    server.on('connection', (socket) => {
      socket.on('message', onMessage);
      socket.on('close', onClose);
    });
  } else server.on('connection', () => opened++);
  const memory = async () => {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const heap = process.env.BENCH_HEAP_DIR ? writeHeapSnapshot(`${process.env.BENCH_HEAP_DIR}/floor-${mode}-${Date.now()}.heapsnapshot`) : undefined;
    return { rss, heapUsed, heapTotal, external, opened, heap };
  };
  process.on('message', async () => process.send({ type: 'memory', memory: await memory() }));
  process.send({ type: 'listening', port: server.address().port });
} else {
  const sockets = Number(process.argv[2] ?? 10_000);
  const modes = (process.argv[3] ?? 'ws,graphql-ws,graphql-ws-nokeep,graphql-ws-lean,graphql-ws-lean-init,direct').split(',');
  const next = (child, type) => new Promise((resolve) => {
    const on = (message) => {
      if (message.type !== type) return;
      child.off('message', on);
      resolve(message);
    };
    child.on('message', on);
  });
  const results = [];
  for (const mode of modes) {
    const server = fork(new URL(import.meta.url).pathname, ['server', mode]);
    const { port } = await next(server, 'listening');
    await new Promise((resolve) => setTimeout(resolve, 500));
    server.send('memory');
    const before = (await next(server, 'memory')).memory;
    const clients = [];
    for (let left = sockets; left > 0; left -= PER_PROCESS) {
      const child = fork(new URL(import.meta.url).pathname, ['client', String(port), String(Math.min(PER_PROCESS, left)), mode]);
      child.on('message', (m) => m.type === 'error' && console.error(`client: ${m.error}`));
      clients.push({ child, ready: next(child, 'ready') });
    }
    await Promise.all(clients.map((c) => c.ready));
    // The last subscribe messages are handled by now; a moment more for them to settle.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server.send('memory');
    const after = (await next(server, 'memory')).memory;
    const per = (field) => +((after[field] - before[field]) / sockets / 1024).toFixed(2);
    if (after.heap) console.error(`heap snapshots: node bench/heap-diff.mjs ${before.heap} ${after.heap} ${sockets}`);
    const result = { mode, sockets, opened: after.opened, rssPerSocketKB: per('rss'), heapPerSocketKB: per('heapUsed'), heapTotalPerSocketKB: per('heapTotal'), externalPerSocketKB: per('external') };
    console.error(JSON.stringify(result));
    results.push(result);
    for (const c of clients) c.child.send('exit');
    server.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(JSON.stringify(results));
}
