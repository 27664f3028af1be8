/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerUser, type TestUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, hasChromium, PHONE, screenshot, setTabHidden } from './support.js';

const POLL = { interval: 50, timeout: 10_000 };
const POST = `mutation ($body: String!) { postTweet(input: { body: $body }) { id } }`;

/** The feed while scrolled or in a background tab, and links in tweets (issue 17: live everywhere, Tweets). */
describe.skipIf(!hasChromium)('new tweets and links in Chromium', { timeout: 60_000 }, () => {
  const suite = browserSuite();
  let poster: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    poster = await registerUser(suite.server, `poster_${Date.now() % 1_000_000}`);
    reader = await registerUser(suite.server, `reader_${Date.now() % 1_000_000}`);
    // More than a screen of tweets, so the feed scrolls.
    for (let n = 1; n <= 20; n += 1) await post(`Earlier tweet number ${n}, long enough to take a couple of lines on a phone screen.`);
  });

  async function post(body: string): Promise<void> {
    const result = await suite.server.graphql(POST, { body }, poster.accessToken);
    expect(result.errors).toBeUndefined();
  }

  async function feed(viewport = DESKTOP): Promise<Page> {
    const page = await suite.page(reader, viewport, '/tweets');
    await page.getByTestId('tweet').first().waitFor();
    await page.locator('[data-testid=live-status][data-status=live]').waitFor(POLL);
    return page;
  }

  it('floats "↑ N new tweets" at the top of the window while scrolled; clicking it shows them at the top', async () => {
    suite.start();
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
    await suite.end();
  });

  it('counts new tweets in the title while the tab is hidden, and restores the title when it is shown', async () => {
    suite.start();
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
    await suite.end();
  });

  it('makes web links in tweets clickable, opening in a new tab without referrer or opener; never a script', async () => {
    suite.start();
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
    await suite.end();
  });
});
