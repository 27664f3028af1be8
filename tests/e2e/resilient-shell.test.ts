/// <reference lib="dom" />
import type { Page, Route } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, hasChromium, PHONE, screenshot } from './support.js';

/** The client probes a server it cannot reach at least every 5 s; a restart is noticed well within this. */
const RECOVERY = { timeout: 20_000 };

/**
 * The shell stays up when the server or the network does not: a page whose code cannot be downloaded
 * says so inside the layout and loads when the server is back, and a banner says what is wrong.
 */
describe.skipIf(!hasChromium)('the web client when the server or the network is down', { timeout: 90_000 }, () => {
  /** While the server is down the browser rightly logs failed requests; nothing may be thrown uncaught. */
  const suite = browserSuite({}, { tolerated: (message) => !message.startsWith('page error') });

  // Each test starts with the server up and no page open, whatever the one before left.
  beforeEach(async () => {
    await Promise.all(suite.contexts.splice(0).map((context) => context.close()));
    if (suite.serverStopped) await suite.startServer();
  });

  async function signedInPage(path: string): Promise<Page> {
    return suite.page(await registerUser(suite.server), DESKTOP, path);
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
    suite.start();
    const page = await signedInPage('/tweets');
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();

    await suite.stopServer();
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

    await suite.startServer();
    // Nobody clicks: the client notices the server is back and downloads the page.
    await page.getByRole('heading', { name: 'Story bot' }).waitFor(RECOVERY);
    await page.getByText('No prompts yet').waitFor();
    await banner(page).waitFor({ state: 'detached' });
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor(RECOVERY);
    expect(await failure.count()).toBe(0);
    await suite.end();
  });

  it('"Try again" downloads a page again after its download failed (the server is reachable)', async () => {
    suite.start();
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
    await suite.end();
  });

  it('the viewer cannot be loaded: the layout and navigation stay, with Try again', async () => {
    suite.start();
    const user = await registerUser(suite.server);
    const page = await suite.page(user, DESKTOP);
    // The server cannot be reached, though the page itself loads (from a cache, say): the token
    // refresh, `me` and the client's probe of /healthz all fail at the network level.
    const graphqlPosts = (route: Route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.fallback());
    await page.route(`${suite.origin()}/graphql`, graphqlPosts);
    await page.route(`${suite.origin()}/healthz`, (route) => route.abort('connectionrefused'));
    await page.goto(`${suite.origin()}/tasks`);
    const failure = page.getByTestId('failure-state').filter({ hasText: 'Could not reach Chorus' });
    await failure.waitFor();
    expect(await mainNav(page).getByRole('link', { name: 'Tasks' }).isVisible()).toBe(true);
    expect(await banner(page).textContent()).toContain('Cannot reach the server');
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await screenshotsAtBothSizes(page, 'shell-viewer-failed');

    // The API answers again (the probe still fails, so only "Try again" can bring the viewer back).
    await page.unroute(`${suite.origin()}/graphql`, graphqlPosts);
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: user.username }).waitFor(RECOVERY);
    await page.getByText('No tasks yet').waitFor();
    await suite.end();
  });

  it("a list that cannot be fetched says why with Try again; so does a next page, under what is shown, until Try again brings it", async () => {
    suite.start();
    const user = await registerUser(suite.server);
    for (let n = 1; n <= 21; n += 1) {
      const posted = await suite.server.graphql(`mutation ($body: String!) { postTweet(input: { body: $body }) { id } }`, { body: `Tweet number ${n}` }, user.accessToken);
      expect(posted.errors).toBeUndefined();
    }
    const page = await suite.page(user, DESKTOP);
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
    await page.route(`${suite.origin()}/graphql`, tweetsRefused);
    await page.goto(`${suite.origin()}/u/${user.username}`);
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
    await page.unroute(`${suite.origin()}/graphql`, tweetsRefused);
    await suite.end();
  });

  it('offline: a banner says so, signed in or not, and the live badge does not say Live; back online, both are gone', async () => {
    suite.start();
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
    const signIn = await suite.page(null, PHONE, '/login');
    const signedOut = signIn.context();
    await signIn.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await banner(signIn).count()).toBe(0);
    await signedOut.setOffline(true);
    await banner(signIn).filter({ hasText: 'You are offline' }).waitFor();
    await screenshot(signIn, 'shell-offline-sign-in-phone');
    await signedOut.setOffline(false);
    await banner(signIn).waitFor({ state: 'detached', ...RECOVERY });
    await suite.end();
  });
});
