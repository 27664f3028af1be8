import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { browserSuite, coldVisit, FIRST_TWEET, hasChromium, JS_BUDGET, SIGN_IN_USABLE, SLOW_PHONE, type WireResponse } from './support.js';

// Issue 17, point 4: a cold visit on a slow phone (Chromium DevTools throttling: 150 ms RTT,
// 1.6 Mbps down, 750 Kbps up, 4× CPU slowdown). What this asserts is what makes it fast: bytes on
// the wire, their encodings and cache policies. How long it takes is measured by
// `npm run bench -- --only phone` (bench/workloads/phone.mjs), never asserted here.

const KB = 1024;

function javascript(responses: WireResponse[]): WireResponse[] {
  return responses.filter((response) => /\.js(\?|$)/.test(new URL(response.url).pathname));
}

/** What every cold visit must show: compressed text, hashed files kept for good, the HTML revalidated. */
function expectServedForPhones(responses: WireResponse[], origin: string) {
  const ours = responses.filter((response) => response.url.startsWith(origin) && !new URL(response.url).pathname.startsWith('/graphql'));
  const html = ours.filter((response) => response.contentType.startsWith('text/html'));
  const assets = ours.filter((response) => new URL(response.url).pathname.startsWith('/assets/'));
  expect(html.length).toBeGreaterThan(0);
  expect(javascript(assets).length).toBeGreaterThan(0);
  expect(assets.filter((response) => /\.css$/.test(response.url)).length).toBeGreaterThan(0);
  for (const response of ours) expect(response.status, response.url).toBe(200);
  // Chromium asks for `gzip, deflate, br, zstd`: brotli is the smallest the server has.
  for (const response of [...html, ...assets]) expect(response.contentEncoding, response.url).toBe('br');
  for (const response of html) expect(response.cacheControl, response.url).toBe('no-cache');
  for (const response of assets) expect(response.cacheControl, response.url).toBe('public, max-age=31536000, immutable');
}

function total(responses: WireResponse[]): number {
  return responses.reduce((sum, response) => sum + response.bodyBytes, 0);
}

describe.skipIf(!hasChromium)('a cold visit on a slow phone', { timeout: 180_000 }, () => {
  // Only the server and the browser: each coldVisit opens and closes a context of its own.
  const suite = browserSuite();

  it(`gets a usable sign-in page with at most ${JS_BUDGET.signIn / KB} KB of JavaScript, brotli-compressed and cached for good`, async () => {
    const visit = await coldVisit(suite.browser, `${suite.origin()}/`, SIGN_IN_USABLE);
    const scripts = javascript(visit.responses);
    console.info(
      `tests/e2e: slow phone, cold sign-in: ${(total(scripts) / KB).toFixed(1)} KB JS in ${scripts.length} files, ` +
        `${(total(visit.responses) / KB).toFixed(1)} KB in all (usable after ${Math.round(visit.readyMs)} ms at ${SLOW_PHONE.latencyMs} ms RTT, not asserted)`,
    );
    expectServedForPhones(visit.responses, suite.origin());
    expect(total(scripts)).toBeLessThanOrEqual(JS_BUDGET.signIn);
    // Signed out, nothing opens the socket: its code (graphql-ws) is not loaded.
    expect(scripts.map((script) => script.url).join(' ')).not.toMatch(/graphql-ws|\/dist-/);
  });

  it(`shows a signed-in user's feed with at most ${JS_BUDGET.feed / KB} KB of JavaScript, brotli-compressed and cached for good`, async () => {
    const ann = await registerUser(suite.server, `phone_${Date.now() % 1_000_000}`);
    const posted = await suite.server.graphql('mutation ($body: String!) { postTweet(input: { body: $body }) { id } }', { body: 'Hello from a slow phone' }, ann.accessToken);
    expect(posted.errors).toBeUndefined();
    const visit = await coldVisit(suite.browser, `${suite.origin()}/`, FIRST_TWEET, { refreshToken: ann.refreshToken });
    const scripts = javascript(visit.responses);
    console.info(
      `tests/e2e: slow phone, cold feed: ${(total(scripts) / KB).toFixed(1)} KB JS in ${scripts.length} files, ` +
        `${(total(visit.responses) / KB).toFixed(1)} KB in all (first tweet after ${Math.round(visit.readyMs)} ms, not asserted)`,
    );
    expectServedForPhones(visit.responses, suite.origin());
    expect(total(scripts)).toBeLessThanOrEqual(JS_BUDGET.feed);
  });
});
