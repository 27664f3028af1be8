// HTTP load generator: autocannon in its own process. argv[2] is a JSON object:
//   { url, body, headers, connections, durationSeconds, pipelining?, sequence? }
// sequence: every `{seq}` in the body becomes the request's number (0, 1, 2, … across connections).
// Prints one JSON line with the result.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
let seq = 0;
const result = await autocannon({
  url: options.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...options.headers },
  body: options.body,
  ...(options.sequence && {
    requests: [{ setupRequest: (request) => ({ ...request, body: options.body.replaceAll('{seq}', String(seq++)) }) }],
  }),
  connections: options.connections,
  pipelining: options.pipelining ?? 1,
  duration: options.durationSeconds,
  timeout: 10,
});
const ok = result['2xx'];
process.stdout.write(
  `${JSON.stringify({
    durationSeconds: result.duration,
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // Completed 2xx responses per second of the run.
    rps: ok / result.duration,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
  })}\n`,
);
