import { SignJWT } from 'jose';
import { describe, expect } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../server/src/auth/tokens.js';
import { type GraphQLResponse, startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { rawSocket } from '../helpers/raw-ws.js';

const APP_ORIGIN = 'https://app.example.com';
const LIMITS = {
  LOGIN_RATE_LIMIT: '5',
  LOGIN_IP_RATE_LIMIT: '8',
  REGISTER_RATE_LIMIT: '2',
  REGISTER_IP_RATE_LIMIT: '3',
  REFRESH_RATE_LIMIT: '3',
  REFRESH_IP_RATE_LIMIT: '100',
};

const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }`;
const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }`;
const REFRESH = `mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { id } }`;
let ipCounter = 0;
/** Each test acts from its own address (the server trusts X-Forwarded-For from loopback). */
const newIp = () => `203.0.113.${++ipCounter}`;

const it = chorusTest({ env: { CORS_ORIGINS: APP_ORIGIN, ...LIMITS } })
  .extend('from', { scope: 'file' }, ({ server }) => function from(ip: string, target: TestServer = server) {
    return <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> =>
      target.graphql<T>(query, variables, token, { 'x-forwarded-for': ip });
  })
  .extend('signUp', { scope: 'file' }, ({ from }) => async function signUp(ip = newIp()) {
    const username = `sec_${++userCounter}`;
    const password = 'correct horse battery';
    const result = await from(ip)(REGISTER, { input: { username, email: `${username}@example.com`, password, name: username } });
    if (!result.data?.register) throw new Error(`register failed: ${JSON.stringify(result.errors)}`);
    return { username, password, ...result.data.register, id: result.data.register.user.id as string };
  })
  .extend('sign', { scope: 'file' }, ({ server }) => async function sign(userId: string, claims: { exp?: number; aud?: string; iss?: string; alg?: string; secret?: string } = {}) {
    const [session] = await server.sql<{ family: string }>('select family from refresh_session where user_id = $1', [userId]);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: session!.family })
      .setProtectedHeader({ alg: claims.alg ?? 'HS256', typ: 'access+jwt' })
      .setSubject(userId)
      .setIssuer(claims.iss ?? TOKEN_ISSUER)
      .setAudience(claims.aud ?? TOKEN_AUDIENCE)
      .setIssuedAt(now - 3600)
      .setExpirationTime(claims.exp ?? now + 600)
      .sign(new TextEncoder().encode(claims.secret ?? TEST_JWT_SECRET));
  })
  .extend('preflight', { scope: 'file' }, ({ server }) => (origin: string) =>
    fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    }));

let userCounter = 0;

describe('access tokens', () => {
  it('accepts a well-formed token signed with the secret (the control for the cases below)', async ({ signUp, server, sign }) => {
    const user = await signUp();
    expect((await server.graphql(ME, {}, await sign(user.id))).data!.me).toEqual({ id: user.id });
  });

  it.for([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['for another audience', { aud: 'some-other-api' }],
    ['from another issuer', { iss: 'someone-else' }],
    ['signed with another algorithm', { alg: 'HS512' }],
    ['signed with another secret', { secret: 'another-secret-that-is-long-enough-for-hs256' }],
  ] as const)('treats a token %s as no token, and refuses it where sign-in is needed', async ([_case, claims], { signUp, sign, server }) => {
    const user = await signUp();
    const token = await sign(user.id, claims);
    expect((await server.graphql(ME, {}, token)).data!.me).toBeNull();
    expect((await server.graphql(`{ users { totalCount } }`, {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('closes a websocket that presents an expired token with 4403 (so the client refreshes), and accepts a current one', async ({ signUp, server, sign }) => {
    const user = await signUp();
    const expired = await rawSocket(server.wsUrl);
    expired.send({ type: 'connection_init', payload: { authorization: `Bearer ${await sign(user.id, { exp: Math.floor(Date.now() / 1000) - 60 })}` } });
    expect((await expired.closed).code).toBe(4403);
    const current = await rawSocket(server.wsUrl);
    await current.init({ authorization: `Bearer ${await sign(user.id)}` });
    current.socket.close();
  });
});

describe('abuse limits (held in PostgreSQL)', () => {
  it('counts every alias in one request', async ({ signUp, from, server }) => {
    // A failed login ends a mutation document (its field is non-null), so aliases that succeed
    // are the ones that could slip past a per-request limit: the per-address one counts them.
    const user = await signUp();
    const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: login(input: { usernameOrEmail: "${user.username}", password: "${user.password}" }) { accessToken }`);
    const result = await from(newIp())(`mutation { ${aliases.join(' ')} }`);
    expect(result.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([['a8', 'RATE_LIMITED']]);
    const [signIns] = await server.sql(`select count(*)::int as n from refresh_session where user_id = $1`, [user.id]);
    expect(signIns.n).toBe(1 + 8);
  });

  it('limits login attempts per address across accounts, and not other addresses', async ({ from, signUp }) => {
    const ip = newIp();
    for (let i = 0; i < 8; i++) {
      const attempt = await from(ip)(LOGIN, { input: { usernameOrEmail: `nobody_${ip}_${i}`, password: 'whatever it is' } });
      expect(attempt.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await from(ip)(LOGIN, { input: { usernameOrEmail: 'nobody_else', password: 'whatever it is' } });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const user = await signUp();
    expect((await from(newIp())(LOGIN, { input: { usernameOrEmail: user.username, password: user.password } })).data?.login.accessToken).toBeTruthy();
  });

  it('limits registrations per address and per email', async ({ signUp, from }) => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) await signUp(ip);
    const blocked = await from(ip)(REGISTER, { input: { username: 'one_more', email: 'one_more@example.com', password: 'correct horse battery', name: 'x' } });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const input = { username: 'same_mail', email: 'same_mail@example.com', password: 'correct horse battery', name: 'x' };
    expect((await from(newIp())(REGISTER, { input })).errors).toBeUndefined();
    expect((await from(newIp())(REGISTER, { input: { ...input, username: 'same_mail2' } })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await from(newIp())(REGISTER, { input: { ...input, username: 'same_mail3' } })).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('limits refreshes per account', async ({ signUp, from, server }) => {
    const user = await signUp();
    let refreshToken = user.refreshToken as string;
    for (let i = 0; i < 3; i++) {
      const result = await from(newIp())(REFRESH, { input: { refreshToken } });
      expect(result.errors).toBeUndefined();
      refreshToken = result.data!.refreshToken.refreshToken;
    }
    const blocked = await from(newIp())(REFRESH, { input: { refreshToken } });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Refused before the token was used: it still works once the window is over.
    const [row] = await server.sql('select used_at from refresh_session where user_id = $1 and used_at is null and revoked_at is null', [user.id]);
    expect(row).toBeDefined();
  });

  it('holds one count across instances that share the database', async ({ server, signUp, from }) => {
    const other = await startTestServer({ databaseUrl: server.databaseUrl, env: LIMITS });
    try {
      const user = await signUp();
      const ip = newIp();
      for (let i = 0; i < 5; i++) {
        const target = i % 2 ? other : server;
        const wrong = await from(ip, target)(LOGIN, { input: { usernameOrEmail: user.username, password: 'wrong' } });
        expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      // Over the account's failure limit for this address, on either instance (refused like a wrong password).
      for (const target of [server, other]) {
        const blocked = await from(ip, target)(LOGIN, { input: { usernameOrEmail: user.username, password: user.password } });
        expect(blocked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      const [counter] = await server.sql('select hits from rate_limit where key = $1', [`login-fail:acct-ip:${user.id}:${ip}`]);
      expect(counter.hits).toBe(7);
    } finally {
      await other.close();
    }
  });
});

describe('browser safety', () => {
  it('allows cross-origin requests only from CORS_ORIGINS', async ({ preflight, server }) => {
    const allowed = await preflight(APP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(server.url, {
      method: 'POST',
      headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(post.headers.get('access-control-expose-headers')).toMatch(/x-trace-id/i);
  });

  it('accepts websockets from no Origin, the same origin and CORS_ORIGINS, and refuses other origins', async ({ server }) => {
    const sameOrigin = `http://127.0.0.1:${server.chorus.port}`;
    for (const headers of [{}, { origin: sameOrigin }, { origin: APP_ORIGIN }] as Record<string, string>[]) {
      const socket = await rawSocket(server.wsUrl, { headers });
      await socket.init();
      socket.socket.close();
    }
    await expect(rawSocket(server.wsUrl, { headers: { origin: 'https://evil.example' } })).rejects.toThrow(/upgrade refused: 401/);
  });

  it('refuses a simple (CSRF-able) POST, and takes the same request as JSON', async ({ server }) => {
    const body = JSON.stringify({ query: `mutation { logout(input: { refreshToken: "x" }) }` });
    const simple = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(simple.status).toBe(400);
    expect(((await simple.json()) as any).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const json = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(((await json.json()) as any).data).toEqual({ logout: true });
  });

  it('sends security headers with a CSP the client and GraphiQL work under', async ({ server }) => {
    for (const path of ['/healthz', '/graphql?query=%7B__typename%7D', '/no-such-page']) {
      const response = await fetch(`http://127.0.0.1:${server.chorus.port}${path}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = Object.fromEntries(
        response.headers
          .get('content-security-policy')!
          .split(';')
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
      expect(csp['connect-src']).toEqual(["'self'", APP_ORIGIN]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
    }
  });
});
