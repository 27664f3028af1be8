import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { startChorus } from '../../server/src/app/chorus.js';
import { collect, createTestDatabase, registerUser, startTestServer, testConfig, type TestServer } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { rawSocket } from '../helpers/raw-ws.js';

const VERSION = 'query ApiVersion { apiInfo { version } }';
const USER_EVENTS = 'subscription OwnEvents { userEvents { id type } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }';
const MANIFEST = { 'sha256-version': VERSION, 'sha256-events': USER_EVENTS, 'sha256-register': REGISTER };
const UNTRUSTED = '{ apiInfo { version commit } }';

mkdirSync('tests/.artifacts', { recursive: true });
const dir = mkdtempSync(path.resolve('tests/.artifacts/trusted-'));
const manifestPath = path.join(dir, 'persisted-documents.json');
writeFileSync(manifestPath, JSON.stringify(MANIFEST));

const it = chorusTest({
  env: { TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_MANIFEST: manifestPath },
  peer: { env: { TRUSTED_DOCUMENTS: 'allow', TRUSTED_DOCUMENTS_MANIFEST: manifestPath } },
})
  /** TRUSTED_DOCUMENTS=enforce, and =allow on the same database and manifest. */
  .extend('enforced', { scope: 'file' }, ({ server }) => server)
  .extend('allowed', { scope: 'file' }, ({ peer }) => peer);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Accepts `application/graphql-response+json`, so request errors keep their 4xx status (GraphQL over HTTP). */
async function post(server: TestServer, body: Record<string, unknown>) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

function expectNotTrusted(result: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }) {
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(result.errors?.[0]?.message).toMatch(/not trusted/);
}

describe('TRUSTED_DOCUMENTS=enforce over HTTP', () => {
  it('runs a manifest document named by extensions.persistedQuery.sha256Hash or by documentId', async ({ enforced }) => {
    expect((await post(enforced, byHash('sha256-version'))).data).toEqual({ apiInfo: { version: expect.any(String) } });
    expect((await post(enforced, { documentId: 'sha256-version' })).data?.apiInfo.version).toBeTruthy();
    const get = await fetch(`${enforced.url}?documentId=sha256-version`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await get.json()) as any).data?.apiInfo.version).toBeTruthy();
  });

  it('runs the identical text of a manifest document, with variables', async ({ enforced }) => {
    const input = { username: 'trusted_one', email: 'trusted_one@example.com', password: 'correct horse battery', name: 'T' };
    const result = await post(enforced, { query: REGISTER, variables: { input } });
    expect(result.data?.register.user.id).toBeTruthy();
  });

  it('refuses any other document, and an unknown id, without running it', async ({ enforced }) => {
    expectNotTrusted(await post(enforced, { query: UNTRUSTED }));
    expectNotTrusted(await post(enforced, { query: `${VERSION} ` }));
    expectNotTrusted(await post(enforced, byHash('sha256-unknown')));
    const input = { username: 'sneaky', email: 'sneaky@example.com', password: 'correct horse battery', name: 'S' };
    const sneaky = await post(enforced, { query: REGISTER.replace('accessToken', 'accessToken accessTokenExpiresAt'), variables: { input } });
    expectNotTrusted(sneaky);
    expect(await enforced.sql(`select id from users where username = 'sneaky'`)).toEqual([]);
  });

  it('runs the manifest document for a known id whatever text comes with it', async ({ enforced }) => {
    const result = await post(enforced, { query: UNTRUSTED, ...byHash('sha256-version') });
    expect(result.data).toEqual({ apiInfo: { version: expect.any(String) } });
  });
});

describe('TRUSTED_DOCUMENTS=enforce over the websocket', () => {
  it('runs manifest documents by id or text, refuses others with an error, and keeps the socket open', async ({ allowed, enforced }) => {
    const user = await registerUser(allowed);
    const socket = await rawSocket(enforced.wsUrl);
    await socket.init({ authorization: `Bearer ${user.accessToken}` });
    socket.send({ id: 'by-id', type: 'subscribe', payload: { query: '', ...byHash('sha256-version') } });
    expect((await socket.message((m) => m.id === 'by-id' && m.type === 'next')).payload.data.apiInfo.version).toBeTruthy();
    socket.send({ id: 'evil', type: 'subscribe', payload: { query: UNTRUSTED } });
    const refused = await socket.message((m) => m.id === 'evil');
    expect(refused.type).toBe('error');
    expect(refused.payload[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.payload[0].message).toMatch(/not trusted/);
    socket.send({ id: 'by-text', type: 'subscribe', payload: { query: VERSION } });
    expect((await socket.message((m) => m.id === 'by-text' && m.type === 'next')).payload.data.apiInfo.version).toBeTruthy();
    socket.socket.close();

    const client = enforced.ws(user.accessToken);
    const events = collect(client, USER_EVENTS);
    const refusedStream = collect(client, 'subscription { userEvents { id } }');
    await refusedStream.waitFor(() => refusedStream.error !== undefined);
    expect((refusedStream.error as any[])[0].extensions.code).toBe('FORBIDDEN');
    expect(events.error).toBeUndefined();
  });
});

describe('TRUSTED_DOCUMENTS=allow', () => {
  it('resolves manifest ids, runs other text too, and answers an unknown id alone with PERSISTED_QUERY_NOT_FOUND', async ({ allowed }) => {
    expect((await post(allowed, byHash('sha256-version'))).data?.apiInfo.version).toBeTruthy();
    expect((await post(allowed, { query: UNTRUSTED })).data?.apiInfo.commit).toBeDefined();
    const unknown = await post(allowed, byHash('sha256-unknown'));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.status).toBe(400);
  });
});

describe('TRUSTED_DOCUMENTS=off (the default)', () => {
  it('runs the text a client sends with its hash, and answers a hash alone with 400 BAD_USER_INPUT', async ({ enforced }) => {
    const open = await startTestServer({ databaseUrl: enforced.databaseUrl });
    try {
      const withHash = await post(open, { query: UNTRUSTED, ...byHash('sha256-anything') });
      expect(withHash.errors).toBeUndefined();
      expect(withHash.data?.apiInfo.commit).toBeDefined();
      const alone = await post(open, byHash('sha256-version'));
      expect(alone.status).toBe(400);
      expect(alone.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { query: 'is required' } });
    } finally {
      await open.close();
    }
  });
});

it('refuses to start when the manifest cannot be read, naming TRUSTED_DOCUMENTS_MANIFEST', async () => {
  const config = testConfig({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_MANIFEST: path.join(dir, 'missing.json') });
  await expect(startChorus(config, { databaseUrl: await createTestDatabase() })).rejects.toThrow(/TRUSTED_DOCUMENTS_MANIFEST/);
});
