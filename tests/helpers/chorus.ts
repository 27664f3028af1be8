import { randomBytes } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import pg from 'pg';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { type RunningChorus, type StartOptions, startChorus } from '../../server/src/app/chorus.js';
import { type Config, loadConfig } from '../../server/src/config.js';
import { ensureDatabase } from '../../server/src/db/embedded-postgres.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** A fresh database copied from the migrated template; every test file gets its own. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('templateDatabase')}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name, inject('templateDatabase'));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: 'tests/.artifacts/data',
    RELAY_POLL_INTERVAL_MS: '1000',
    STORY_WORD_DELAY_MS: '1',
    ...overrides,
  });
}

export interface TestServer {
  chorus: RunningChorus;
  url: string;
  wsUrl: string;
  databaseUrl: string;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Runs a query against the test database directly (for asserting what is stored). */
  sql<T extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<T[]>;
  ws(token?: string | null, options?: Partial<Parameters<typeof createClient>[0]>): Client;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { env?: Record<string, string>; databaseUrl?: string; start?: StartOptions } = {},
): Promise<TestServer> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const chorus = await startChorus(testConfig(options.env), { databaseUrl, ...options.start });
  const url = `http://127.0.0.1:${chorus.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${chorus.port}/graphql`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const clients: Client[] = [];
  return {
    chorus,
    url,
    wsUrl,
    databaseUrl,
    async graphql(query, variables, token, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    async sql(text, params) {
      return (await pool.query(text, params)).rows;
    },
    ws(token, clientOptions = {}) {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: false,
        ...clientOptions,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
      await chorus.close();
      await pool.end();
    },
  };
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

let userCounter = 0;

export async function registerUser(server: TestServer, name?: string): Promise<TestUser> {
  const username = name ?? `user_${process.pid}_${++userCounter}`;
  const password = 'correct horse battery';
  const email = `${username}@example.com`;
  const result = await server.graphql(
    `mutation ($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }`,
    { input: { username, email, password, name: username } },
  );
  if (!result.data?.register) throw new Error(`register failed: ${JSON.stringify(result.errors)}`);
  const { accessToken, refreshToken, user } = result.data.register;
  return { id: user.id, username, email, password, accessToken, refreshToken };
}

/**
 * A new session for a user (signs in again): refresh tokens are single-use, so every browser context
 * seeded with one needs its own.
 */
export async function signInAgain(server: TestServer, user: TestUser): Promise<TestUser> {
  const result = await server.graphql(
    `mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`,
    { input: { usernameOrEmail: user.username, password: user.password } },
  );
  if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return { ...user, accessToken: result.data.login.accessToken, refreshToken: result.data.login.refreshToken };
}

/** Makes a user an admin directly in the database (the first admin comes from the CLI). */
export async function makeAdmin(server: TestServer, user: TestUser): Promise<void> {
  await server.sql(`update users set role = 'ADMIN' where id = $1`, [user.id]);
}

/** Collects a subscription's results; `next(n)` waits until n have arrived. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: { data?: T; errors?: any[] }[] = [];
  let error: unknown;
  let completed = false;
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((wake) => wake());
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        received.push(value as { data?: T; errors?: any[] });
        notify();
      },
      error: (err) => {
        error = err;
        notify();
      },
      complete: () => {
        completed = true;
        notify();
      },
    },
  );
  return {
    received,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    unsubscribe,
    async waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!(await predicate())) {
        if (Date.now() > deadline) throw new Error(`timed out; received ${JSON.stringify(received).slice(0, 2000)}; error ${String(error)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    async next(count: number, timeoutMs?: number) {
      await this.waitFor(() => received.length >= count || error !== undefined || completed, timeoutMs);
      return received.slice(0, count);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { untilLive } from './live.js';

/**
 * Event cursors are opaque, to tests as to clients: their order is read from `log`, the cursors of
 * the audit history (`events`), which lists the log in the streams' order. Each cursor must be in it.
 */
export function cursorsAscending(cursors: string[], log: string[]): boolean {
  const at = cursors.map((cursor) => log.indexOf(cursor));
  return at.every((index, i) => index >= 0 && (i === 0 || index > at[i - 1]!));
}

/** The cursors of the audit history `viewer` may read (an admin: all of it), in the streams' order. */
export async function eventLog(server: TestServer, viewer: TestUser, aggregateType?: string): Promise<string[]> {
  const log: string[] = [];
  for (let after: string | null = null; ; ) {
    const result = await server.graphql(
      `query ($after: String, $aggregateType: String) { events(first: 100, after: $after, aggregateType: $aggregateType) { edges { cursor } pageInfo { hasNextPage endCursor } } }`,
      { after, aggregateType },
      viewer.accessToken,
    );
    if (!result.data?.events) throw new Error(`events failed: ${JSON.stringify(result.errors)}`);
    const { edges, pageInfo } = result.data.events as { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    log.push(...edges.map((edge) => edge.cursor));
    if (!pageInfo.hasNextPage) return log;
    after = pageInfo.endCursor;
  }
}

/**
 * Runs an operation as `user` (anonymously with null) and returns its (single) root field; any error
 * fails the test. Tests with the fixtures use its typed form, `call` (fixtures.ts).
 */
export async function rootField(server: TestServer, user: TestUser | null, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const result = await server.graphql(query, variables, user?.accessToken);
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return Object.values(result.data!)[0];
}
