// The floor under W4 on this machine: a bare `ws` server that sends one pre-serialised ~500-byte
// message to every one of N sockets per event (no GraphQL, no graphql-ws, no relay), with the
// clients in a child process. What it costs per delivery is what no GraphQL server can beat here.
//   node bench/ws-floor.mjs [subscribers=10000] [events=25] [rate=5]
import { fork } from 'node:child_process';
import { WebSocketServer } from 'ws';
import WebSocket from 'ws';

if (process.argv[2] === 'client') {
  const [port, count] = [Number(process.argv[3]), Number(process.argv[4])];
  const latencies = [];
  // Opens one socket; resolves to null once open, or to why it failed.
  const open = () =>
    new Promise((resolve) => {
      // An upgrade never answered would wait forever, and the floor with it (one guess for full run
      // F's floor at 19,800, killed after 300 s with nothing on stderr): it fails instead, and is retried.
      const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, handshakeTimeout: 15_000 });
      let ready = false;
      socket.on('open', () => {
        ready = true;
        resolve(null);
      });
      socket.on('error', (error) => {
        if (!ready) return resolve(error.message);
        // A socket lost while measuring ends the run instead of leaving it short of deliveries.
        console.error(`floor client: ${error.message}`);
        process.exit(1);
      });
      socket.on('message', (data) => {
        const message = JSON.parse(data);
        latencies.push(Date.now() - message.payload.data.sentAt);
      });
    });
  // At most 100 connects at a time, one retry each, as bench/load/subscribers.mjs does: a burst of
  // connects from several processes can overflow the server's accept queue.
  let next = 0;
  const connect = async () => {
    while (next < count) {
      next++;
      const why = (await open()) && (await open());
      if (why) {
        console.error(`floor client: could not connect: ${why}`);
        process.exit(1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(100, count) }, connect));
  process.send({ type: 'ready' });
  process.on('message', () => {
    process.send({ type: 'report', latencies });
    setTimeout(() => process.exit(0), 100);
  });
} else {
  const subscribers = Number(process.argv[2] ?? 10_000);
  const events = Number(process.argv[3] ?? 25);
  const rate = Number(process.argv[4] ?? 5);
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = server.address().port;
  const perProcess = 2500;
  const clients = [];
  for (let left = subscribers; left > 0; left -= perProcess) {
    const child = fork(new URL(import.meta.url).pathname, ['client', String(port), String(Math.min(perProcess, left))]);
    clients.push({ child, ready: new Promise((resolve) => child.once('message', resolve)) });
    child.once('exit', (code) => {
      if (code) process.exit(1); // its reason is on stderr
    });
  }
  await Promise.all(clients.map((c) => c.ready));
  const filler = 'x'.repeat(380);
  const cpu0 = process.cpuUsage();
  for (let e = 0; e < events; e++) {
    const sentAt = Date.now();
    // The shape of a graphql-ws `next` message; the id differs per socket, the payload is shared.
    const payload = JSON.stringify({ data: { sentAt, filler } });
    let id = 0;
    for (const socket of server.clients) socket.send(`{"id":"${++id}","type":"next","payload":${payload}}`);
    await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
  }
  const cpu = process.cpuUsage(cpu0);
  const reports = await Promise.all(
    clients.map((c) => new Promise((resolve) => {
      c.child.on('message', (m) => m.type === 'report' && resolve(m.latencies));
      c.child.send('report');
    })),
  );
  const all = reports.flat().sort((a, b) => a - b);
  const at = (p) => all[Math.min(all.length - 1, Math.ceil((p / 100) * all.length) - 1)];
  const perEventMs = (cpu.user + cpu.system) / 1000 / events;
  console.log(JSON.stringify({
    subscribers, events, delivered: all.length / (subscribers * events),
    p50: at(50), p99: at(99), max: all.at(-1),
    serverCpuMsPerEvent: Math.round(perEventMs * 10) / 10,
    serverCpuUsPerDelivery: Math.round((perEventMs * 1000) / subscribers * 10) / 10,
  }));
  server.close();
  process.exit(0);
}
