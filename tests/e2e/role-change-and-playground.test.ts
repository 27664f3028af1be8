/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeAdmin, registerUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, hasChromium, screenshot } from './support.js';

const POLL = { interval: 100, timeout: 10_000 };
/** Short-lived access tokens, so the playground has to refresh its session within the test. */
const ACCESS_TOKEN_TTL_SECONDS = 6;

describe.skipIf(!hasChromium)('admin role change and the playground session, in Chromium', { timeout: 90_000 }, () => {
  const suite = browserSuite({ ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) });

  it('asks before changing a role: Escape and Cancel leave it, confirming applies it', async () => {
    suite.start();
    const root = await registerUser(suite.server, `root_${Date.now() % 1_000_000}`);
    await makeAdmin(suite.server, root);
    const target = await registerUser(suite.server, `rita_${Date.now() % 1_000_000}`);
    const page = await suite.page(root, DESKTOP, '/admin');
    const row = page.getByTestId(`user-row-${target.username}`);
    const role = row.getByLabel(`Role of @${target.username}`);
    await role.waitFor();
    const storedRole = async () => (await suite.server.sql(`select role from users where id = $1`, [target.id]))[0].role as string;
    const dialog = page.getByRole('dialog', { name: `Change the role of @${target.username}?` });

    const choose = async (option: string) => {
      await role.click();
      await page.getByRole('option', { name: option }).click();
      await dialog.waitFor();
    };
    await choose('Admin');
    await screenshot(page, 'admin-role-confirm');
    expect(await dialog.getByRole('button', { name: 'Close' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await role.inputValue()).toBe('User');
    await choose('Admin');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await role.inputValue()).toBe('User');
    expect(await storedRole()).toBe('USER');

    await choose('Admin');
    await dialog.getByRole('button', { name: 'Make admin' }).click();
    await page.getByText(`@${target.username} is now an admin.`).waitFor();
    await expect.poll(() => role.inputValue(), POLL).toBe('Admin');
    expect(await storedRole()).toBe('ADMIN');
    await suite.end();
  });

  it('opens the playground from the app with the session: the first query runs as the user, and again once the token has expired', async () => {
    suite.start();
    const pam = await registerUser(suite.server, `pam_${Date.now() % 1_000_000}`);
    const app = await suite.page(pam, DESKTOP, '/tweets');
    await app.getByTestId('signed-in-as').waitFor();
    const [playground] = await Promise.all([app.context().waitForEvent('page'), app.getByRole('link', { name: 'API playground' }).click()]);
    suite.problems.watch(playground);
    await playground.locator('.graphiql-query-editor .monaco-editor').waitFor();
    await playground.getByText('Requests carry your Chorus session.').waitFor();

    /** The bearer token of each request the playground sends for `me`. */
    const tokens: string[] = [];
    playground.on('request', (request) => {
      if (request.method() === 'POST' && request.postData()?.includes('username')) tokens.push(request.headers().authorization ?? 'none');
    });
    await app.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.origin() });
    await playground.locator('.graphiql-query-editor .monaco-editor').first().click();
    // Pasted, as a user would (typing into Monaco would auto-close brackets).
    await playground.evaluate((text) => navigator.clipboard.writeText(text), '{ me { username } }');
    await playground.keyboard.press('ControlOrMeta+A');
    await playground.keyboard.press('ControlOrMeta+V');
    // Executed before the paste lands, GraphiQL would send its welcome comment: a 400 (no operation).
    await expect.poll(async () => (await playground.locator('.graphiql-query-editor .view-lines').first().textContent())?.replace(/\s+/g, ' '), POLL).toContain('me { username }');
    // GraphiQL takes in an edit 100 ms later (debounced), storing it as it does: until then it would
    // still send the welcome comment, even with the editor showing the query.
    await expect.poll(() => playground.evaluate(() => localStorage.getItem('graphiql:query') ?? ''), POLL).toContain('me { username }');
    await runUntil(playground, `"username": "${pam.username}"`);
    await screenshot(playground, 'playground-session');
    expect(tokens[0]).toMatch(/^Bearer /);

    // Past the access token's lifetime the playground refreshes it (sharing the app's refresh token)...
    await playground.waitForTimeout((ACCESS_TOKEN_TTL_SECONDS + 1) * 1_000);
    const before = tokens.length;
    await playground.getByRole('button', { name: /^Execute query/ }).click();
    await expect.poll(() => tokens.length, POLL).toBeGreaterThan(before);
    expect(tokens.at(-1)).toMatch(/^Bearer /);
    expect(tokens.at(-1)).not.toBe(tokens[0]);
    await expect.poll(async () => (await playground.locator('.graphiql-response').textContent())?.replace(/\s+/g, ' '), POLL).toContain(`"username": "${pam.username}"`);
    expect(await playground.locator('.graphiql-response').textContent()).not.toContain('UNAUTHENTICATED');
    // ...and the app, whose refresh token it rotated, stays signed in.
    await app.reload();
    await app.getByTestId('signed-in-as').filter({ hasText: pam.username }).waitFor();
    await suite.end();
  });
});

/** Runs the editor's operation until the result pane shows `expected` (GraphiQL's editors start asynchronously). */
async function runUntil(page: Page, expected: string): Promise<void> {
  const response = page.locator('.graphiql-response');
  for (let attempt = 0; ; attempt += 1) {
    await page.getByRole('button', { name: /^Execute query/ }).click();
    try {
      await expect.poll(async () => (await response.textContent())?.replace(/\s+/g, ' '), { ...POLL, timeout: 3_000 }).toContain(expected.replace(/\s+/g, ' '));
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
