/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerUser, signInAgain, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { BrowserProblems, CHROMIUM, CHROMIUM_ARGS, CLIENT_DIST, DESKTOP, ensureClientBuilt, PHONE, screenshot, setTabHidden, signedInContext } from './support.js';

const POLL = { interval: 50, timeout: 10_000 };
const POST = `mutation ($body: String!) { postTweet(input: { body: $body }) { id } }`;

/** The feed while scrolled or in a background tab, and links in tweets (issue 17: live everywhere, Tweets). */
describe.skipIf(!existsSync(CHROMIUM))('new tweets and links in Chromium', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let problems: BrowserProblems;
  let poster: TestUser;
  let reader: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer({ env: { CLIENT_DIR: CLIENT_DIST } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    poster = await registerUser(server, `poster_${Date.now() % 1_000_000}`);
    reader = await registerUser(server, `reader_${Date.now() % 1_000_000}`);
    // More than a screen of tweets, so the feed scrolls.
    for (let n = 1; n <= 20; n += 1) await post(`Earlier tweet number ${n}, long enough to take a couple of lines on a phone screen.`);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(() => {
    problems = new BrowserProblems();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems.messages).toEqual([]);
  });

  async function post(body: string): Promise<void> {
    const result = await server.graphql(POST, { body }, poster.accessToken);
    expect(result.errors).toBeUndefined();
  }

  async function feed(viewport = DESKTOP): Promise<Page> {
    const context = await signedInContext(browser, (await signInAgain(server, reader)).refreshToken, { viewport });
    contexts.push(context);
    const page = problems.watch(await context.newPage());
    await page.goto(`${server.url.replace(/\/graphql$/, '')}/tweets`);
    await page.getByTestId('tweet').first().waitFor();
    await page.locator('[data-testid=live-status][data-status=live]').waitFor(POLL);
    return page;
  }

  it('floats "↑ N new tweets" at the top of the window while scrolled; clicking it shows them at the top', async () => {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await feed(viewport);
      await page.evaluate(() => window.scrollTo({ top: 1_500, behavior: 'instant' }));
      const body = `Fresh while you scroll (${size})`;
      await post(body);
      await post(`${body}, again`);
      const notice = page.getByRole('button', { name: '↑ 2 new tweets' });
      await notice.waitFor(POLL);
      // In the window, below the header, while the page is still scrolled down.
      const box = (await notice.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(56);
      expect(box.y + box.height).toBeLessThan(viewport.height / 2);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
      await screenshot(page, `tweets-notice-${size}`, { fullPage: false });

      await notice.click();
      await expect.poll(() => page.evaluate(() => window.scrollY), POLL).toBe(0);
      await expect.poll(() => page.getByTestId('tweet-body').first().textContent(), POLL).toBe(`${body}, again`);
      expect(await page.getByTestId('new-tweets-bar').count()).toBe(0);
      await notice.waitFor({ state: 'detached' });
    }
  });

  it('counts new tweets in the title while the tab is hidden, and restores the title when it is shown', async () => {
    const page = await feed();
    expect(await page.title()).toBe('Tweets · Chorus');
    await setTabHidden(page, true);
    await post('Posted while you were away');
    await expect.poll(() => page.title(), POLL).toBe('(1) Tweets · Chorus');
    await post('And another one');
    await expect.poll(() => page.title(), POLL).toBe('(2) Tweets · Chorus');
    await setTabHidden(page, false);
    expect(await page.title()).toBe('Tweets · Chorus');
    // The tweets still wait in the bar for the reader.
    await page.getByRole('button', { name: 'Show 2 new tweets' }).waitFor();
  });

  it('makes web links in tweets clickable, opening in a new tab without referrer or opener; never a script', async () => {
    await post('Read https://example.org/guide?x=1. Not javascript:alert(1) nor data:text/html,hi (or https://example.com/a)');
    const page = await feed();
    await page.getByRole('button', { name: 'Show 1 new tweet' }).or(page.getByText('Read https://example.org')).first().waitFor(POLL);
    const tweet = page.getByTestId('tweet-body').filter({ hasText: 'Read https://example.org' });
    const links = tweet.getByRole('link');
    expect(await links.count()).toBe(2);
    const guide = tweet.getByRole('link', { name: 'https://example.org/guide?x=1' });
    expect(await guide.getAttribute('href')).toBe('https://example.org/guide?x=1');
    expect(await guide.getAttribute('target')).toBe('_blank');
    expect(await guide.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await tweet.getByRole('link', { name: 'https://example.com/a' }).getAttribute('href')).toBe('https://example.com/a');
    expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
    expect(await tweet.textContent()).toBe('Read https://example.org/guide?x=1. Not javascript:alert(1) nor data:text/html,hi (or https://example.com/a)');
  });
});
