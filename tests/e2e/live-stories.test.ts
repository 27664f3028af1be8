/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, signInAgain, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { BrowserProblems, CHROMIUM, CHROMIUM_ARGS, CLIENT_DIST, DESKTOP, ensureClientBuilt, field, PHONE, screenshot, signedInContext } from './support.js';

const POLL = { interval: 50, timeout: 20_000 };
const CREATE_PROMPT = `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { id } }`;

/** Stories, tabs and scrolling (issue 17: stories live everywhere; follow, Copy, Regenerate, the prompt kept). */
describe.skipIf(!existsSync(CHROMIUM))('live stories in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let problems: BrowserProblems;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureClientBuilt();
    // The builtin writer at a readable pace: a 300-word story takes about five seconds.
    server = await startTestServer({ env: { CLIENT_DIR: CLIENT_DIST, STORY_WORD_DELAY_MS: '15' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems.messages).toEqual([]);
  });

  const origin = () => server.url.replace(/\/graphql$/, '');

  async function context(user: TestUser, viewport = DESKTOP): Promise<BrowserContext> {
    const created = await signedInContext(browser, (await signInAgain(server, user)).refreshToken, { viewport });
    await created.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin() });
    contexts.push(created);
    return created;
  }

  async function open(on: BrowserContext, path: string): Promise<Page> {
    const page = problems.watch(await on.newPage());
    await page.goto(origin() + path);
    return page;
  }

  async function userWithPrompt(name: string): Promise<{ user: TestUser; promptId: string }> {
    problems = new BrowserProblems();
    const user = await registerUser(server, `${name}_${Date.now() % 1_000_000}`);
    const input = {
      title: 'The lighthouse keeper',
      content: 'An old lighthouse keeper named Ada finds a message in a bottle from her younger self, days before the storm.',
      genre: 'fantasy',
      tone: 'hopeful',
    };
    const created = await server.graphql(CREATE_PROMPT, { input }, user.accessToken);
    expect(created.errors).toBeUndefined();
    return { user, promptId: created.data!.createPrompt.id };
  }

  const storyText = (page: Page) => page.getByTestId('story').first().getByTestId('story-text');
  const textLength = async (page: Page) => ((await storyText(page).textContent()) ?? '').length;
  /** Distance from the bottom of the window to the end of the newest story's text (negative: below the fold). */
  const endOffset = (page: Page) =>
    page.evaluate(() => window.innerHeight - document.querySelector('[data-testid=story] [data-testid=story-text]')!.getBoundingClientRect().bottom);

  async function write(page: Page, words: number) {
    await field(page, 'About how many words').fill(String(words));
    await page.getByRole('button', { name: 'Write a story' }).click();
  }

  it('a story written in one tab appears in the other tab of the prompt, streams there and counts', async () => {
    const { user, promptId } = await userWithPrompt('tabs');
    const tabs = await context(user);
    const writer = await open(tabs, `/stories/${promptId}`);
    const watcher = await open(tabs, `/stories/${promptId}`);
    for (const page of [writer, watcher]) await page.getByText('No stories yet').waitFor();

    await write(writer, 300);
    const story = watcher.getByTestId('story').first();
    await story.waitFor(POLL);
    // Streaming in the other tab: part of the text while GENERATING, then all of it.
    const lengths: number[] = [];
    await expect
      .poll(async () => {
        lengths.push(await textLength(watcher));
        return story.getAttribute('data-status');
      }, POLL)
      .toBe('DONE');
    expect(lengths.filter((length) => length > 20 && length < lengths.at(-1)! - 20).length).toBeGreaterThan(0);
    await watcher.getByRole('heading', { name: 'Stories (1)' }).waitFor();
    await expect.poll(() => storyText(writer).textContent(), POLL).toBe(await storyText(watcher).textContent());
    expect(await writer.getByTestId('story').count()).toBe(1);
    expect(await watcher.getByTestId('story').count()).toBe(1);
  });

  it('follows the text as it is written until the reader scrolls up; "↓ latest" follows it again', async () => {
    const { user, promptId } = await userWithPrompt('follow');
    const page = await open(await context(user, PHONE), `/stories/${promptId}`);
    await page.getByText('No stories yet').waitFor();
    await write(page, 2000);
    await page.locator('[data-testid=story][data-status=GENERATING]').waitFor();

    // The text grows far below where the page started; the window goes with its end.
    await expect.poll(() => page.evaluate(() => window.scrollY), POLL).toBeGreaterThan(1_000);
    expect(await endOffset(page)).toBeGreaterThanOrEqual(-30);
    await screenshot(page, 'stories-following-phone', { fullPage: false });

    // The reader scrolls up to read: the page stays there while the text goes on growing.
    await page.evaluate(() => window.scrollBy({ top: -600, behavior: 'instant' }));
    const latest = page.getByRole('button', { name: '↓ latest' });
    await latest.waitFor(POLL);
    const readingAt = await page.evaluate(() => window.scrollY);
    const before = await textLength(page);
    await expect.poll(() => textLength(page), POLL).toBeGreaterThan(before + 200);
    expect(await page.evaluate(() => window.scrollY)).toBe(readingAt);
    expect(await endOffset(page)).toBeLessThan(-200);
    await screenshot(page, 'stories-latest-phone', { fullPage: false });

    await latest.click();
    await latest.waitFor({ state: 'detached' });
    const resumed = await textLength(page);
    await expect.poll(() => textLength(page), POLL).toBeGreaterThan(resumed + 100);
    expect(await endOffset(page)).toBeGreaterThanOrEqual(-30);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid=story][data-status=CANCELLED]').waitFor();
  });

  it('copies a story to the clipboard, regenerates another from the same prompt, and keeps the prompt open across navigation', async () => {
    const { user, promptId } = await userWithPrompt('copy');
    const page = await open(await context(user), `/stories/${promptId}`);
    await write(page, 100);
    const first = page.locator('[data-testid=story][data-status=DONE]').first();
    await first.waitFor(POLL);
    const text = await first.getByTestId('story-text').textContent();
    expect(text!.length).toBeGreaterThan(100);

    await first.getByRole('button', { name: 'Copy the story' }).click();
    await first.getByRole('button', { name: 'Copied the story' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await screenshot(page, 'stories-done-desktop');

    await first.getByRole('button', { name: 'Regenerate' }).click();
    await page.getByText('The story bot is writing…').first().waitFor();
    await expect.poll(() => page.getByTestId('story').count(), POLL).toBe(2);
    await page.getByRole('heading', { name: 'Stories (2)' }).waitFor();
    await expect.poll(() => page.getByTestId('story').first().getAttribute('data-status'), POLL).toBe('DONE');
    expect(await page.getByTestId('story').first().textContent()).toContain('of ~100 words');
    const stories = await server.sql('select prompt_id, max_words from story where owner_id = $1', [user.id]);
    expect(stories).toEqual([
      { prompt_id: promptId, max_words: 100 },
      { prompt_id: promptId, max_words: 100 },
    ]);

    // Away to the tweets and back by the nav link: the same prompt, in the URL.
    await page.getByRole('link', { name: 'Tweets' }).click();
    await page.waitForURL(`${origin()}/tweets`);
    await page.getByRole('link', { name: 'Story bot' }).click();
    await page.waitForURL(`${origin()}/stories/${promptId}`);
    await page.getByRole('heading', { name: 'The lighthouse keeper' }).waitFor();
    expect(await page.getByTestId('story').count()).toBe(2);
  });

  it('screenshots the story bot at both sizes', async () => {
    const { user, promptId } = await userWithPrompt('shots');
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await open(await context(user, viewport), `/stories/${promptId}`);
      if (size === 'desktop') await write(page, 120);
      await page.locator('[data-testid=story][data-status=DONE]').first().waitFor(POLL);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `stories-${size}`);
    }
  });
});
