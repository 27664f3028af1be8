/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import pg from 'pg';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, field, hasChromium, screenshot } from './support.js';

/** The outbox backs off up to 15 s between attempts while the server is away. */
const UNTIL_SENT = { interval: 200, timeout: 30_000 };
const POLL = { interval: 100, timeout: 10_000 };
/** What the browser itself logs while the network or the server is away: expected here, not a client bug. */
const CONNECTION_NOISE = /Failed to load resource|WebSocket connection|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_(REFUSED|RESET)|net::ERR_FAILED/;

/** The creating mutations the outbox sends (the client names its operations). */
function isCreation(request: Request): boolean {
  const body = request.postData() ?? '';
  return /"operationName":"(PostTweet|CreateTask|CreatePrompt)"/.test(body);
}

describe.skipIf(!hasChromium)('outbox: nothing typed is lost', { timeout: 120_000 }, () => {
  const suite = browserSuite({}, { tolerated: (message) => CONNECTION_NOISE.test(message) });
  let db: pg.Pool;

  beforeAll(() => {
    // Outlives a server restart (the test server's own pool ends with it).
    db = new pg.Pool({ connectionString: suite.server.databaseUrl, max: 2 });
  });

  afterAll(async () => {
    await db?.end();
  });

  /** At 1366×900 and 390×844; the layout's own transitions finish before each picture. */
  async function screenshotBothSizes(page: Page, name: string) {
    for (const [width, height] of [[390, 844], [1366, 900]] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(500);
      await screenshot(page, `${name}-${width}`);
    }
  }

  async function rows(sql: string, params: unknown[]): Promise<number> {
    const { rows: [row] } = await db.query<{ count: number }>(`select count(*)::int as count from (${sql}) as found`, params);
    return row!.count;
  }

  const tweetsWithBody = (body: string) => rows('select id from tweet where body = $1', [body]);
  const tasksWithTitle = (title: string) => rows('select id from task where title = $1', [title]);
  const creationEvents = (type: string, field: string, value: string) =>
    rows(`select id from domain_event where type = $1 and payload->>'${field}' = $2`, [type, value]);

  it('keeps a tweet, a task and a prompt typed offline, across a reload, and sends each exactly once when back online', async () => {
    suite.start();
    const olive = await registerUser(suite.server, `olive_${Date.now() % 1_000_000}`);
    const page = await suite.page(olive, DESKTOP, '/tasks');
    await page.getByText('No tasks yet').waitFor();
    // The pages' code is loaded before the network goes (loading a page's code offline is another matter).
    await page.getByRole('link', { name: 'Story bot' }).click();
    await page.getByRole('link', { name: 'New prompt' }).click();
    await field(page, 'Title').waitFor();
    await page.getByRole('link', { name: 'Tweets' }).click();
    await page.getByText('No tweets yet').waitFor();

    await page.context().setOffline(true);
    const body = `Written on the train ${Date.now()}`;
    const composer = page.getByRole('textbox', { name: "What's happening?" });
    await composer.fill(body);
    await page.getByRole('button', { name: 'Tweet', exact: true }).click();
    // At once: the field is free, the tweet is listed and marked pending.
    expect(await composer.inputValue()).toBe('');
    const pendingTweet = page.getByTestId('pending-tweet').filter({ hasText: body });
    await pendingTweet.waitFor();
    expect(await pendingTweet.getByTestId('pending-badge').textContent()).toBe('Pending · waiting to send');

    await page.getByRole('link', { name: 'Tasks' }).click();
    const title = `Buy stamps ${Date.now()}`;
    await field(page, 'New task').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    expect(await field(page, 'New task').inputValue()).toBe('');
    await page.getByTestId('pending-task').filter({ hasText: title }).getByText('Pending · waiting to send').waitFor();
    await screenshotBothSizes(page, 'outbox-pending-tasks');

    // A prompt: the editor closes to the prompt list, where the prompt waits.
    await page.getByRole('link', { name: 'Story bot' }).click();
    await page.getByRole('link', { name: 'New prompt' }).click();
    const promptTitle = `The night ferry ${Date.now()}`;
    await field(page, 'Title').fill(promptTitle);
    await field(page, 'Prompt').fill('A ferry that only sails when nobody is aboard.');
    await page.getByRole('button', { name: 'Create prompt' }).click();
    await page.getByTestId('pending-prompt').filter({ hasText: promptTitle }).getByText('Pending · waiting to send').waitFor();
    await screenshotBothSizes(page, 'outbox-pending-prompts');
    await page.getByRole('link', { name: 'Tasks' }).click();

    // A reload while the server cannot take them: the page loads (the browser is online again, so
    // that it can), but every attempt to send is cut off.
    await page.route('**/graphql', (route) => (isCreation(route.request()) ? route.abort('connectionrefused') : route.fallback()));
    await page.context().setOffline(false);
    await page.reload();
    await page.getByTestId('pending-task').filter({ hasText: title }).waitFor();
    await page.getByRole('link', { name: 'Tweets' }).click();
    await page.getByTestId('pending-tweet').filter({ hasText: body }).waitFor();
    await screenshotBothSizes(page, 'outbox-pending-tweets');
    expect(await tweetsWithBody(body)).toBe(0);
    expect(await tasksWithTitle(title)).toBe(0);
    expect(await rows('select id from prompt where title = $1', [promptTitle])).toBe(0);

    // The server is reachable again: both go, once.
    await page.unroute('**/graphql');
    await page.getByTestId('tweet-body').filter({ hasText: body }).waitFor(UNTIL_SENT);
    await expect.poll(() => page.getByTestId('pending-tweet').count(), POLL).toBe(0);
    await expect.poll(() => tasksWithTitle(title), UNTIL_SENT).toBe(1);
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByTestId('task-title').filter({ hasText: title }).waitFor();
    expect(await page.getByTestId('pending-task').count()).toBe(0);
    await page.waitForTimeout(1_000);
    expect(await tweetsWithBody(body)).toBe(1);
    expect(await tasksWithTitle(title)).toBe(1);
    expect(await creationEvents('TweetPosted', 'body', body)).toBe(1);
    expect(await creationEvents('TaskCreated', 'title', title)).toBe(1);
    await expect.poll(() => rows('select id from prompt where title = $1', [promptTitle]), UNTIL_SENT).toBe(1);
    expect(await creationEvents('PromptCreated', 'title', promptTitle)).toBe(1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('chorus.outbox.')))).toEqual([]);
    await suite.end();
  });

  it('sends a tweet once when the server stops with the response in flight and comes back', async () => {
    suite.start();
    const stan = await registerUser(suite.server, `stan_${Date.now() % 1_000_000}`);
    const page = await suite.page(stan, DESKTOP, '/tweets');
    await page.getByText('No tweets yet').or(page.getByTestId('tweet-list')).first().waitFor();

    // The first post reaches the server and is committed; then the server stops and the response
    // never reaches the browser.
    let cutOff = false;
    await page.route('**/graphql', async (route) => {
      if (cutOff || !isCreation(route.request())) return route.fallback();
      cutOff = true;
      await route.fetch();
      await suite.stopServer();
      await route.abort('connectionreset');
    });
    const body = `Sent as the server went down ${Date.now()}`;
    await page.getByRole('textbox', { name: "What's happening?" }).fill(body);
    await page.getByRole('button', { name: 'Tweet', exact: true }).click();
    await page.getByTestId('pending-tweet').filter({ hasText: body }).waitFor();
    await expect.poll(() => cutOff, POLL).toBe(true);
    await page.getByTestId('pending-tweet').filter({ hasText: body }).getByText('Pending · waiting to send').waitFor(POLL);
    expect(await tweetsWithBody(body)).toBe(1);
    await page.unroute('**/graphql');

    // The same server again, where the browser expects it.
    await suite.startServer();
    await page.getByTestId('tweet-body').filter({ hasText: body }).waitFor(UNTIL_SENT);
    await expect.poll(() => page.getByTestId('pending-tweet').count(), POLL).toBe(0);
    await page.waitForTimeout(1_000);
    expect(await tweetsWithBody(body)).toBe(1);
    expect(await creationEvents('TweetPosted', 'body', body)).toBe(1);
    expect(await page.getByTestId('tweet-body').filter({ hasText: body }).count()).toBe(1);
    await suite.end();
  });

  it('shows why the server refused a pending task, with Retry and Discard', async () => {
    suite.start();
    const rita = await registerUser(suite.server, `rita_${Date.now() % 1_000_000}`);
    const page = await suite.page(rita, DESKTOP, '/tasks');
    await page.getByText('No tasks yet').waitFor();
    // The form now refuses what the server would, so this entry is one an earlier version of the
    // client queued under looser rules: a title of a zero-width space, which the server refuses as blank.
    const entry = { id: crypto.randomUUID(), kind: 'task', input: { title: '\u200B' }, userId: rita.id, queuedAt: new Date().toISOString() };
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`chorus.outbox.${rita.id}`, JSON.stringify([entry])]);
    await page.reload();
    const refused = page.getByTestId('pending-task').filter({ has: page.getByTestId('pending-refused') });
    await refused.waitFor(POLL);
    expect(await refused.getByTestId('pending-reason').textContent()).toMatch(/not blank/);
    await screenshotBothSizes(page, 'outbox-refused');

    // Retry sends it again (and it is refused again, with the reason still shown).
    const attempts: string[] = [];
    page.on('request', (request) => {
      if (isCreation(request)) attempts.push(request.url());
    });
    await refused.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => attempts.length, POLL).toBe(1);
    await refused.getByTestId('pending-reason').waitFor(POLL);

    await refused.getByRole('button', { name: 'Discard this task' }).click();
    await expect.poll(() => page.getByTestId('pending-task').count(), POLL).toBe(0);
    await page.getByText('No tasks yet').waitFor();
    await page.reload();
    await page.getByText('No tasks yet').waitFor();
    expect(await page.getByTestId('pending-task').count()).toBe(0);
    expect(await rows('select id from task where owner_id = $1', [rita.id])).toBe(0);
    await suite.end();
  });
});
