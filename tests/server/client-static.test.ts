import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect } from 'vitest';
import type { TestServer } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

/** A stand-in for client/dist as the build writes it: hashed assets, HTML, and .br/.gz beside each. */
const clientDir = mkdtempSync(path.join(os.tmpdir(), 'chorus-client-static-'));
const INDEX = `<!doctype html><title>Chorus</title>${'<!-- the app -->'.repeat(50)}`;
const SCRIPT = `export const app = ${JSON.stringify('chorus '.repeat(500))};\n`;
const PLAYGROUND = `<!doctype html><title>Chorus GraphQL playground</title>${'<!-- graphiql -->'.repeat(50)}`;
function writeBuilt(relative: string, body: string) {
  mkdirSync(path.dirname(path.join(clientDir, relative)), { recursive: true });
  writeFileSync(path.join(clientDir, relative), body);
  writeFileSync(path.join(clientDir, `${relative}.br`), brotliCompressSync(body));
  writeFileSync(path.join(clientDir, `${relative}.gz`), gzipSync(body));
}
writeBuilt('index.html', INDEX);
writeBuilt('playground.html', PLAYGROUND);
writeBuilt('assets/app-Ab12Cd34.js', SCRIPT);
// A file the build left uncompressed (too small to gain).
writeFileSync(path.join(clientDir, 'assets/tiny-Ef56Gh78.js'), 'export{}');
mkdirSync(path.join(clientDir, '.vite'));
writeFileSync(path.join(clientDir, '.vite/manifest.json'), '{}');

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request without any client-side decoding: what goes over the wire. */
function raw(server: TestServer, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: server.chorus.port, path: pathname, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

const it = chorusTest({ env: { CLIENT_DIR: clientDir } });

const BROWSER = 'gzip, deflate, br, zstd';
const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the web client as served: precompressed, cached by kind', () => {
  it('sends hashed assets as brotli when accepted, gzip otherwise, the file itself to a client that asks for neither', async ({ server }) => {
    const br = await raw(server, '/assets/app-Ab12Cd34.js', { 'accept-encoding': BROWSER });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['accept-ranges']).toBeUndefined();
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);

    const gzip = await raw(server, '/assets/app-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    // The client's preferences come first.
    const prefersGzip = await raw(server, '/assets/app-Ab12Cd34.js', { 'accept-encoding': 'br;q=0.5, gzip' });
    expect(prefersGzip.headers['content-encoding']).toBe('gzip');

    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      const plain = await raw(server, '/assets/app-Ab12Cd34.js', headers);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(SCRIPT);
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
    }
    const head = await raw(server, '/assets/app-Ab12Cd34.js', { 'accept-encoding': BROWSER }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });

  it('caches hashed assets for a year as immutable; the HTML, the history fallback and the playground are revalidated', async ({ server }) => {
    for (const asset of ['/assets/app-Ab12Cd34.js', '/assets/tiny-Ef56Gh78.js']) {
      expect((await raw(server, asset, { 'accept-encoding': BROWSER })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await raw(server, '/assets/tiny-Ef56Gh78.js', { 'accept-encoding': BROWSER })).headers['content-encoding']).toBeUndefined();
    for (const page of ['/', '/index.html', '/tweets', '/stories/123?x=1', '/u/ann']) {
      const html = await raw(server, page, { 'accept-encoding': BROWSER, accept: HTML_ACCEPT });
      expect(html.status, page).toBe(200);
      expect(html.headers['cache-control'], page).toBe('no-cache');
      expect(html.headers['content-encoding'], page).toBe('br');
      expect(html.headers['content-type'], page).toMatch(/^text\/html/);
      expect(brotliDecompressSync(html.body).toString(), page).toBe(INDEX);
    }
    const playground = await raw(server, '/graphql', { 'accept-encoding': 'gzip', accept: HTML_ACCEPT });
    expect(playground.headers['cache-control']).toBe('no-cache');
    expect(playground.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(playground.body).toString()).toBe(PLAYGROUND);
  });

  it('answers a missing asset with a 404 (not the app), and never serves hidden or outside files', async ({ server }) => {
    const missing = await raw(server, '/assets/app-OldHash1.js', { 'accept-encoding': BROWSER });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.headers['cache-control'] ?? '').not.toMatch(/immutable/);
    for (const sneaky of ['/.vite/manifest.json', '/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const response = await raw(server, sneaky, { 'accept-encoding': BROWSER });
      expect(response.body.toString(), sneaky).not.toContain('{}');
      expect(response.body.toString(), sneaky).not.toContain('root:');
      expect(response.body.toString(), sneaky).not.toContain('"name"');
    }
  });

  it('leaves GraphQL and its security headers as they were: JSON answers uncompressed, the CSP on static files too', async ({ server }) => {
    const post = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': BROWSER },
      body: JSON.stringify({ query: '{ apiInfo { version } }' }),
    });
    expect(post.headers.get('content-encoding')).toBeNull();
    expect(((await post.json()) as { data: { apiInfo: { version: string } } }).data.apiInfo.version).toBeTruthy();
    const asset = await raw(server, '/assets/app-Ab12Cd34.js', { 'accept-encoding': BROWSER });
    expect(asset.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
  });
});
