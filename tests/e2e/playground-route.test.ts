import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/chorus.js';

/** A stand-in for client/dist, so this runs without building the client. */
const clientDir = mkdtempSync(path.join(os.tmpdir(), 'chorus-playground-'));
writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Chorus</title>');
writeFileSync(path.join(clientDir, 'playground.html'), '<!doctype html><title>Chorus GraphQL playground</title>');

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GET /graphql for browsers (the playground route)', () => {
  let on: TestServer;
  let off: TestServer;

  beforeAll(async () => {
    on = await startTestServer({ env: { CLIENT_DIR: clientDir } });
    off = await startTestServer({ databaseUrl: on.databaseUrl, env: { CLIENT_DIR: clientDir, PLAYGROUND: 'false' } });
  });
  afterAll(async () => {
    await off?.close();
    await on?.close();
  });

  it('serves the playground page to a browser, not cached', async () => {
    const response = await fetch(on.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('Chorus GraphQL playground');
  });

  it('leaves GraphQL requests alone: JSON clients, GET queries and POST', async () => {
    const json = await fetch(on.url, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).not.toMatch(/^text\/html/);
    const query = await fetch(`${on.url}?query=${encodeURIComponent('{ apiInfo { version } }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(((await query.json()) as { data?: { apiInfo?: unknown } }).data?.apiInfo).toBeTruthy();
    expect((await on.graphql('{ apiInfo { version } }')).data?.apiInfo).toBeTruthy();
  });

  it('is a plain 404 with PLAYGROUND=false (and no other landing page takes its place)', async () => {
    const response = await fetch(off.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('PLAYGROUND=false');
    expect((await off.graphql('{ apiInfo { version } }')).data?.apiInfo).toBeTruthy();
  });
});
