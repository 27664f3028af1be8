import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { collect, registerUser, startTestServer, type TestServer } from '../tests/helpers/chorus.js';

/**
 * deploy/nginx.conf in front of two real Chorus instances (one database): TLS, the websocket
 * upgrade, spreading requests over both replicas, the body limit. Needs nginx (Debian's 1.22 is
 * enough: `http2 on;` is dropped for nginx < 1.25) and openssl.
 */
let dir: string;
let nginx: ChildProcess;
let replicas: TestServer[];
let httpsPort: number;
let httpPort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  dir = mkdtempSync(path.join(os.tmpdir(), 'chorus-nginx-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const first = await startTestServer();
  replicas = [first, await startTestServer({ databaseUrl: first.databaseUrl })];
  [httpsPort, httpPort] = [await freePort(), await freePort()];
  let conf = readFileSync('deploy/nginx.conf', 'utf8')
    .replace('server chorus-1:4000', `server 127.0.0.1:${replicas[0]!.chorus.port}`)
    .replace('server chorus-2:4000', `server 127.0.0.1:${replicas[1]!.chorus.port}`)
    .replaceAll('/etc/nginx/tls/', `${dir}/`)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`)
    .replace(/^\s*listen \[::\].*$/gm, '')
    .replace('return 301 https://$host$request_uri;', `return 301 https://$host:${httpsPort}$request_uri;`)
    .replace('access_log /dev/stdout main;', `access_log ${dir}/access.log main;`)
    .replace('error_log /dev/stderr warn;', `error_log ${dir}/error.log warn;`);
  const nginxVersion = execFileSync('sh', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' });
  const [, major, minor] = /nginx\/(\d+)\.(\d+)/.exec(nginxVersion)!;
  if (Number(major) === 1 && Number(minor) < 25) conf = conf.replace('http2 on;', '');
  conf = `pid ${dir}/nginx.pid;\n${conf}`;
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'inherit' });
  nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`https://127.0.0.1:${httpsPort}/healthz`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});

afterAll(async () => {
  if (nginx?.exitCode === null) {
    nginx.kill('SIGTERM');
    await new Promise((resolve) => nginx.once('exit', resolve));
  }
  await Promise.all((replicas ?? []).map((replica) => replica.close()));
  rmSync(dir, { recursive: true, force: true });
});

const graphqlUrl = () => `https://127.0.0.1:${httpsPort}/graphql`;

it('redirects plain HTTP to HTTPS', async () => {
  const response = await fetch(`http://127.0.0.1:${httpPort}/graphql`, { redirect: 'manual' });
  expect(response.status).toBe(301);
  expect(response.headers.get('location')).toBe(`https://127.0.0.1:${httpsPort}/graphql`);
});

it('spreads requests over both replicas and passes the trace id through', async () => {
  for (let i = 0; i < 6; i++) {
    const response = await fetch(graphqlUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace-id': `through-nginx-${i}` },
      body: JSON.stringify({ query: 'query ThroughNginx { __typename }' }),
    });
    expect(response.headers.get('x-trace-id')).toBe(`through-nginx-${i}`);
    expect(((await response.json()) as any).data).toEqual({ __typename: 'Query' });
  }
  for (const replica of replicas) {
    const metrics = await (await fetch(`http://127.0.0.1:${replica.chorus.port}/metrics`)).text();
    expect(metrics).toMatch(/operation="ThroughNginx",type="query",transport="http",outcome="ok"\} [1-9]/);
  }
});

it('upgrades websockets (wss) and delivers an event written through the other replica', async () => {
  const user = await registerUser(replicas[0]!);
  const client = createClient({
    url: `wss://127.0.0.1:${httpsPort}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { rejectUnauthorized: false });
      }
    },
    connectionParams: { authorization: `Bearer ${user.accessToken}` },
    retryAttempts: 0,
  });
  try {
    const stream = collect(client, 'subscription { userEvents { type } }');
    await collect(client, '{ __typename }').next(1);
    for (const replica of replicas) {
      const result = await replica.graphql('mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', { input: { bio: replica.url } }, user.accessToken);
      expect(result.errors).toBeUndefined();
    }
    await stream.waitFor(() => stream.received.length >= 2);
    expect(stream.received.map((event) => event.data?.userEvents.type)).toEqual(['UserProfileUpdated', 'UserProfileUpdated']);
  } finally {
    await client.dispose();
  }
});

it('refuses bodies over 1 MB at the proxy and hides /metrics', async () => {
  const large = await fetch(graphqlUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }),
  });
  expect(large.status).toBe(413);
  expect((await fetch(`https://127.0.0.1:${httpsPort}/metrics`)).status).toBe(404);
});
