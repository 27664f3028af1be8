import { spawn } from 'node:child_process';
import { describe, expect } from 'vitest';
import { collect, registerUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = '{ apiInfo { verison } }';

const it = chorusTest({ env: { NODE_ENV: 'production', LOG_LEVEL: 'silent' } })
  /** Production, and the same database served in development mode: the control for each production setting. */
  .extend('production', { scope: 'file' }, ({ server }) => server)
  .extend('development', { scope: 'file' }, ({ peer }) => peer);

describe('NODE_ENV=production', () => {
  it('turns introspection off (on in development)', async ({ production, development }) => {
    const refused = await production.graphql(INTROSPECTION);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await development.graphql(INTROSPECTION)).data?.__schema.queryType.name).toBe('Query');
  });

  it('turns introspection off over the websocket too, for anonymous and signed-in sockets alike', async ({ production, development }) => {
    const user = await registerUser(production);
    for (const token of [null, user.accessToken]) {
      const stream = collect(production.ws(token), INTROSPECTION);
      await stream.waitFor(() => stream.error !== undefined || stream.received.length > 0);
      expect(stream.received).toEqual([]);
      const errors = stream.error as { message: string; extensions: { code: string } }[];
      expect(errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(errors[0]!.message).toMatch(/introspection/i);
    }
    const control = collect(development.ws(), INTROSPECTION);
    await control.waitFor(() => control.received.length > 0);
    expect((control.received[0]!.data as any).__schema.queryType.name).toBe('Query');
  });

  it('gives no field suggestions, over HTTP or the websocket (development does)', async ({ production, development }) => {
    const http = await production.graphql(TYPO);
    expect(http.errors?.[0]?.message).toMatch(/Cannot query field "verison"/);
    expect(http.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const stream = collect(production.ws(), TYPO);
    await stream.waitFor(() => stream.error !== undefined);
    const wsErrors = stream.error as { message: string }[];
    expect(wsErrors[0]!.message).toMatch(/Cannot query field "verison"/);
    expect(wsErrors[0]!.message).not.toMatch(/Did you mean/);
    expect((await development.graphql(TYPO)).errors?.[0]?.message).toMatch(/Did you mean "version"/);
  });

  it('serves no playground or landing page', async ({ production }) => {
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    await page.arrayBuffer();
  });

  it('masks an unexpected error: no stack, no SQL, a trace id to find it in the log', async ({ production }) => {
    const user = await registerUser(production);
    const working = await production.graphql('{ me { id bio } }', {}, user.accessToken);
    expect(working.data?.me.id).toBe(user.id);
    // Break the table under the server's feet: the next read fails inside PostgreSQL.
    await production.sql('alter table users rename column bio to bio_gone');
    try {
      const response = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
        body: JSON.stringify({ query: '{ me { id bio } }' }),
      });
      const text = await response.text();
      const body = JSON.parse(text);
      expect(body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(body.errors[0].extensions.traceId).toBe(response.headers.get('x-trace-id'));
      expect(text).not.toMatch(/bio_gone|select |does not exist|stack|\.ts:|node_modules/i);
    } finally {
      await production.sql('alter table users rename column bio_gone to bio');
    }
  });
});

it('refuses to start in production without JWT_SECRET: exit code 1 and one line naming it', async ({ production }) => {
  const { PATH, HOME } = process.env;
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/main.ts'], {
    env: { PATH, HOME, NODE_ENV: 'production', DATABASE_URL: production.databaseUrl, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stdout).toBe('');
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/JWT_SECRET/);
});
