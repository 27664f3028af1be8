import { pino } from 'pino';
import { describe, expect } from 'vitest';
import { serializeError } from '../../server/src/app/error-log.js';
import { collect } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

const lines: string[] = [];
const logs = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });

const it = chorusTest({ start: { logger } })
  .extend('post', { scope: 'file' }, ({ server }) => async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { traceId: response.headers.get('x-trace-id'), body: (await response.json()) as { data?: any; errors?: any[] } };
  });

const operationLines = (traceId: string | null) => logs().filter((line) => line.msg === 'graphql operation' && line.traceId === traceId);

describe('operation log', () => {
  it('writes one line per operation with trace id, name, type, user, duration and outcome — and never a password or token', async ({ post, server }) => {
    const password = 'Pa55word-that-must-not-leak';
    const register = await post(
      'mutation Register($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }',
      { input: { username: 'observed', email: 'observed@example.com', password, name: 'Observed' } },
      { 'x-trace-id': 'register-trace-0001' },
    );
    expect(register.traceId).toBe('register-trace-0001');
    const { accessToken, refreshToken, user } = register.body.data.register;
    const login = await post('mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }', {
      input: { usernameOrEmail: 'observed', password },
    });
    const refresh = await post('mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }', {
      input: { refreshToken: login.body.data.login.refreshToken },
    });
    const failed = await post('mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { usernameOrEmail: 'observed', password: `${password}-wrong` },
    });
    const client = server.ws(accessToken);
    const viaWs = collect(client, 'query WsMe { me { id } }');
    await viaWs.next(1);

    expect(operationLines('register-trace-0001')).toEqual([
      expect.objectContaining({
        level: 30,
        time: expect.any(Number),
        transport: 'http',
        operationName: 'Register',
        operationType: 'mutation',
        userId: user.id,
        durationMs: expect.any(Number),
        outcome: 'ok',
      }),
    ]);
    expect(operationLines(failed.traceId)).toEqual([
      expect.objectContaining({ operationName: 'Login', userId: null, outcome: 'UNAUTHENTICATED', errorCodes: ['UNAUTHENTICATED'] }),
    ]);
    await viaWs.waitFor(() => logs().some((line) => line.operationName === 'WsMe'));
    expect(logs().find((line) => line.operationName === 'WsMe')).toMatchObject({
      transport: 'ws',
      operationType: 'query',
      userId: user.id,
      outcome: 'ok',
      traceId: expect.stringMatching(/^[\da-f]{32}$/),
    });

    const secrets = [
      password,
      accessToken,
      refreshToken,
      login.body.data.login.accessToken,
      login.body.data.login.refreshToken,
      refresh.body.data.refreshToken.accessToken,
      refresh.body.data.refreshToken.refreshToken,
    ];
    expect(lines.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret);
  });

  it('logs a failing insert with its statement shape and reason, never its values (no password hash, no email)', async ({ server, post }) => {
    const email = `leak_${Date.now()}@example.com`;
    // A failure inside the database, after the password was hashed: the insert of the user fails.
    await server.sql(`create function refuse_user() returns trigger language plpgsql as $$ begin raise exception 'simulated failure'; end $$`);
    await server.sql(`create trigger refuse_user before insert on users for each row execute function refuse_user()`);
    let failed;
    try {
      failed = await post('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
        input: { username: `leak_${Date.now()}`, email, password: 'Pa55word-that-must-not-leak', name: 'Leak Test' },
      });
    } finally {
      await server.sql('drop trigger refuse_user on users');
      await server.sql('drop function refuse_user()');
    }
    const errorLines = logs().filter((line) => line.traceId === failed.traceId && line.msg === 'unexpected error');
    // The insert must have failed and been logged, or this test proves nothing.
    expect(errorLines).toHaveLength(1);
    const logged = JSON.stringify(errorLines);
    expect(logged).toMatch(/insert into \\"users\\"/);
    expect(logged).not.toMatch(/argon2/);
    expect(logged).not.toContain(email);
    expect(logged).not.toContain('Pa55word');
  });

  it('logs a database client error without the client hung on it (connection settings, cancel key)', () => {
    const error = Object.assign(new Error('Connection terminated unexpectedly'), {
      client: { connectionParameters: { password: 'chorus-local-only' }, processID: 42, secretKey: 1234567 },
    });
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('Connection terminated unexpectedly');
    expect(logged).not.toMatch(/secretKey|chorus-local-only|processID/);
  });

  it('takes the trace id from traceparent, returns it, and logs the refused operations with it', async ({ post }) => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const refused = await post('{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }', {}, { traceparent });
    expect(refused.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(operationLines(refused.traceId)).toEqual([expect.objectContaining({ outcome: 'GRAPHQL_VALIDATION_FAILED' })]);
    const generated = await post('{ __typename }');
    expect(generated.traceId).toMatch(/^[\da-f]{32}$/);
    expect(operationLines(generated.traceId)).toHaveLength(1);
  });

  it('logs a websocket subscription when it ends, with its socket trace id', async ({ post, server }) => {
    const register = await post('mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }', {
      input: { username: 'subscriber', email: 'subscriber@example.com', password: 'correct horse battery', name: 'S' },
    });
    const client = server.ws(register.body.data.register.accessToken);
    const stream = collect(client, 'subscription Mine { userEvents { id } }');
    // A query on the same socket proves the subscription was registered first (messages are handled in order).
    await collect(client, '{ __typename }').next(1);
    stream.unsubscribe();
    await stream.waitFor(() => logs().some((line) => line.operationName === 'Mine'));
    expect(logs().find((line) => line.operationName === 'Mine')).toMatchObject({ transport: 'ws', operationType: 'subscription', outcome: 'ok' });
  });
});

describe('/metrics', () => {
  it('exposes operations, latency, websockets, subscriptions by field, relay, database pool and process families', async ({ post, server }) => {
    const register = await post('mutation MeteredRegister($input: RegisterInput!) { register(input: $input) { accessToken } }', {
      input: { username: 'metered', email: 'metered@example.com', password: 'correct horse battery', name: 'M' },
    });
    const client = server.ws(register.body.data.register.accessToken);
    const stream = collect(client, 'subscription MetricsWatch { userEvents { id } }');
    await collect(client, '{ __typename }').next(1);
    const scrape = async () => (await (await fetch(`http://127.0.0.1:${server.chorus.port}/metrics`)).text());
    // The registration's event reaches the relay on its own schedule.
    let text = await scrape();
    for (let i = 0; i < 50 && !/^chorus_events_relayed_total\{[^}]*\} [1-9]/m.test(text); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await scrape();
    }
    expect(text).toMatch(/^chorus_graphql_operations_total\{operation="MeteredRegister",type="mutation",transport="http",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^chorus_graphql_operation_duration_seconds_bucket\{le="0\.1",type="mutation",transport="http"\} \d+$/m);
    expect(text).toMatch(/^chorus_websocket_connections [1-9]\d*$/m);
    expect(text).toMatch(/^chorus_active_subscriptions\{field="userEvents"\} 1$/m);
    expect(text).toMatch(/^chorus_events_relayed_total\{aggregate="User"\} [1-9]\d*$/m);
    expect(text).toMatch(/^chorus_relay_lag_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^chorus_db_pool_connections\{state="used"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    stream.unsubscribe();
  });
});
