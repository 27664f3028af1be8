/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { registerUser, startTestServer, type TestServer } from '../helpers/chorus.js';
import { BrowserProblems, CHROMIUM, CHROMIUM_ARGS, CLIENT_DIST, ensureClientBuilt, screenshot, signedInContext } from './support.js';

const hasChromium = existsSync(CHROMIUM);
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** The client probes a server it cannot reach at least every 5 s; a restart is noticed well within this. */
const RECOVERY = { timeout: 20_000 };

/**
 * The shell stays up when the server or the network does not: a page whose code cannot be downloaded
 * says so inside the layout and loads when the server is back, and a banner says what is wrong.
 */
describe.skipIf(!hasChromium)('the web client when the server or the network is down', { timeout: 90_000 }, () => {
  let server: TestServer | undefined;
  let databaseUrl: string | undefined;
  let port: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let problems: BrowserProblems;

  // The same database and port after a restart, as for a real server.
  async function startServer(): Promise<TestServer> {
    server = await startTestServer({ databaseUrl, env: { CLIENT_DIR: CLIENT_DIST, PORT: port } });
    databaseUrl = server.databaseUrl;
    return server;
  }
  const origin = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    await ensureClientBuilt();
    port = String(await freePort());
    await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function stopServer(): Promise<void> {
    const running = server!;
    server = undefined;
    await running.close();
  }

  async function signedInPage(path: string): Promise<Page> {
    const user = await registerUser(server!);
    const context = await signedInContext(browser, user.refreshToken);
    contexts.push(context);
    const page = problems.watch(await context.newPage());
    await page.setViewportSize(DESKTOP);
    await page.goto(origin() + path);
    return page;
  }

  async function startTest() {
    // Each test starts with the server up and no page open, whatever the one before left.
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    if (!server) await startServer();
    problems = new BrowserProblems();
    onTestFailed(async ({ task }) => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(pages.map((page, index) => screenshot(page, `failed-${task.name.slice(0, 30).replace(/\W+/g, '-')}-${index}`).catch(() => undefined)));
      console.warn(`tests/e2e: last browser problems: ${JSON.stringify(problems.messages.slice(-20))}`);
    });
  }

  /** While the server is down the browser rightly logs failed requests; nothing may be thrown uncaught. */
  async function endTest() {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems.messages.filter((message) => message.startsWith('page error'))).toEqual([]);
  }

  async function screenshotsAtBothSizes(page: Page, name: string) {
    await screenshot(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    // On a phone the navigation slides away behind the burger: shoot once it has.
    await page.waitForFunction(() => (document.querySelector('nav[aria-label="Main"]')?.getBoundingClientRect().right ?? 0) <= 0);
    await screenshot(page, `${name}-phone`);
    await page.setViewportSize(DESKTOP);
  }

  const banner = (page: Page) => page.getByTestId('connection-banner');
  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it('server stopped: a page not loaded yet says so in the layout with Try again, and loads by itself once the server is back', async () => {
    await startTest();
    const page = await signedInPage('/tweets');
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();

    await stopServer();
    // Story bot's code was never downloaded: it cannot be now.
    await mainNav(page).getByRole('link', { name: 'Story bot' }).click();
    const failure = page.getByTestId('failure-state').filter({ hasText: 'This page could not be loaded' });
    await failure.waitFor();
    // The layout stays: header, navigation, and a banner that says what is wrong.
    expect(await mainNav(page).isVisible()).toBe(true);
    expect(await page.getByTestId('signed-in-as').isVisible()).toBe(true);
    await banner(page).filter({ hasText: 'Cannot reach the server — retrying…' }).waitFor();
    await failure.getByText('Chorus cannot be reached').waitFor();
    // Try again while the server is still down: the same message, not a white page.
    await failure.getByRole('button', { name: 'Try again' }).click();
    await failure.waitFor();
    await screenshotsAtBothSizes(page, 'shell-page-failed-server-down');

    await startServer();
    // Nobody clicks: the client notices the server is back and downloads the page.
    await page.getByRole('heading', { name: 'Story bot' }).waitFor(RECOVERY);
    await page.getByText('No prompts yet').waitFor();
    await banner(page).waitFor({ state: 'detached' });
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor(RECOVERY);
    expect(await failure.count()).toBe(0);
    await endTest();
  });

  it('"Try again" downloads a page again after its download failed (the server is reachable)', async () => {
    await startTest();
    const page = await signedInPage('/tweets');
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    // Only this page's code fails, once: a flaky network, with the server up.
    let refused = 0;
    await page.route(/\/assets\/tasks-page-[^/]+\.js$/, (route) => {
      refused++;
      return route.abort('connectionreset');
    });
    await mainNav(page).getByRole('link', { name: 'Tasks' }).click();
    const failure = page.getByTestId('failure-state').filter({ hasText: 'This page could not be loaded' });
    await failure.waitFor();
    expect(refused).toBe(1);
    expect(await mainNav(page).isVisible()).toBe(true);

    await page.unroute(/\/assets\/tasks-page-[^/]+\.js$/);
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByText('No tasks yet').waitFor();
    await endTest();
  });

  it('the viewer cannot be loaded: the layout and navigation stay, with Try again', async () => {
    await startTest();
    const user = await registerUser(server!);
    const context = await signedInContext(browser, user.refreshToken);
    contexts.push(context);
    const page = problems.watch(await context.newPage());
    await page.setViewportSize(DESKTOP);
    // The server cannot be reached, though the page itself loads (from a cache, say): the token
    // refresh, `me` and the client's probe of /healthz all fail at the network level.
    const graphqlPosts = (route: Route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.fallback());
    await page.route(`${origin()}/graphql`, graphqlPosts);
    await page.route(`${origin()}/healthz`, (route) => route.abort('connectionrefused'));
    await page.goto(`${origin()}/tasks`);
    const failure = page.getByTestId('failure-state').filter({ hasText: 'Could not reach Chorus' });
    await failure.waitFor();
    expect(await mainNav(page).getByRole('link', { name: 'Tasks' }).isVisible()).toBe(true);
    expect(await banner(page).textContent()).toContain('Cannot reach the server');
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await screenshotsAtBothSizes(page, 'shell-viewer-failed');

    // The API answers again (the probe still fails, so only "Try again" can bring the viewer back).
    await page.unroute(`${origin()}/graphql`, graphqlPosts);
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: user.username }).waitFor(RECOVERY);
    await page.getByText('No tasks yet').waitFor();
    await endTest();
  });

  it("a list that cannot be fetched says why with Try again; so does a next page, under what is shown, until Try again brings it", async () => {
    await startTest();
    const user = await registerUser(server!);
    for (let n = 1; n <= 21; n += 1) {
      const posted = await server!.graphql(`mutation ($body: String!) { postTweet(input: { body: $body }) { id } }`, { body: `Tweet number ${n}` }, user.accessToken);
      expect(posted.errors).toBeUndefined();
    }
    const context = await signedInContext(browser, user.refreshToken);
    contexts.push(context);
    const page = problems.watch(await context.newPage());
    await page.setViewportSize(DESKTOP);
    // The server refuses the user's tweets: the first page, then (once it is shown) the next.
    let refusing: 'first' | 'next' | null = 'first';
    const refused = { first: 0, next: 0 };
    const tweetsRefused = (route: Route) => {
      const body = route.request().postDataJSON() as { operationName?: string; variables?: { after?: string | null } } | null;
      const which = body?.operationName !== 'Tweets' ? null : body.variables?.after ? 'next' : 'first';
      if (!which || which !== refusing) return route.fallback();
      refused[which]++;
      const errors = [{ message: 'Too many requests: slow down a little.', extensions: { code: 'RATE_LIMITED' } }];
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, errors }) });
    };
    await page.route(`${origin()}/graphql`, tweetsRefused);
    await page.goto(`${origin()}/u/${user.username}`);
    await page.getByRole('heading', { name: 'Tweets' }).waitFor();
    const failure = page.getByTestId('failure-state').filter({ hasText: 'Too many requests: slow down a little.' });
    await failure.filter({ hasText: 'Could not load this' }).waitFor();
    expect(await page.getByTestId('tweet').count()).toBe(0);

    refusing = 'next';
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('tweet-body').filter({ hasText: /number 21$/ }).waitFor();
    expect(await page.getByTestId('tweet').count()).toBe(20);
    // Scrolling to the end asks for the next page, which fails: said under the list, asked once.
    await page.getByTestId('tweet').last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5_000);
    const moreFailure = failure.filter({ hasText: 'Could not load more' });
    await moreFailure.waitFor();
    expect(await page.getByTestId('tweet').count()).toBe(20);
    expect(await page.getByRole('button', { name: 'Load older tweets' }).count()).toBe(0);
    await page.mouse.wheel(0, 5_000);
    await page.waitForTimeout(500);
    expect(refused).toEqual({ first: 1, next: 1 });

    refusing = null;
    await moreFailure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('tweet-body').filter({ hasText: /number 1$/ }).waitFor();
    expect(await page.getByTestId('tweet').count()).toBe(21);
    expect(await failure.count()).toBe(0);
    await page.unroute(`${origin()}/graphql`, tweetsRefused);
    await endTest();
  });

  it('offline: a banner says so, signed in or not, and the live badge does not say Live; back online, both are gone', async () => {
    await startTest();
    const page = await signedInPage('/tasks');
    const badge = page.getByTestId('live-status');
    await badge.filter({ hasText: 'Live' }).waitFor();
    expect(await banner(page).count()).toBe(0);

    await page.context().setOffline(true);
    await banner(page).filter({ hasText: 'You are offline' }).waitFor();
    await expect.poll(() => badge.textContent()).not.toBe('Live');
    expect(await badge.getAttribute('data-status')).toBe('offline');
    await screenshotsAtBothSizes(page, 'shell-offline-banner');

    await page.context().setOffline(false);
    await banner(page).waitFor({ state: 'detached', ...RECOVERY });
    await badge.filter({ hasText: 'Live' }).waitFor(RECOVERY);

    // Signed out, on the sign-in page, too.
    const signedOut = await browser.newContext({ viewport: PHONE });
    contexts.push(signedOut);
    const signIn = problems.watch(await signedOut.newPage());
    await signIn.goto(`${origin()}/login`);
    await signIn.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await banner(signIn).count()).toBe(0);
    await signedOut.setOffline(true);
    await banner(signIn).filter({ hasText: 'You are offline' }).waitFor();
    await screenshot(signIn, 'shell-offline-sign-in-phone');
    await signedOut.setOffline(false);
    await banner(signIn).waitFor({ state: 'detached', ...RECOVERY });
    await endTest();
  });
});
