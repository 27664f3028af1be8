/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, field, hasChromium, PHONE, screenshot, sentOperations } from './support.js';

const POLL = { interval: 100, timeout: 10_000 };

/** The field shows `message` under it, and says so to assistive technology. */
async function expectInlineError(input: Locator, message: string) {
  await expect.poll(() => input.getAttribute('aria-invalid'), POLL).toBe('true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  const descriptions = await input.evaluate(
    (element, ids) => ids.map((id) => element.ownerDocument.getElementById(id)?.textContent ?? ''),
    describedBy.split(/\s+/).filter(Boolean),
  );
  expect(descriptions).toContain(message);
}

const toasts = (page: Page) => page.locator('.mantine-Notification-root');

describe.skipIf(!hasChromium)('forms in the web client', { timeout: 60_000 }, () => {
  const suite = browserSuite();

  it('a bad email shows under the field only: no toast, no request; a good one goes through', async () => {
    suite.start();
    const page = await suite.page(null, PHONE, '/register');
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    const sent = sentOperations(page);
    const username = `forms_${Date.now() % 1_000_000}`;
    await field(page, 'Username').fill(username);
    await field(page, 'Name').fill('Ada');
    await field(page, 'Email').fill('ada@example');
    await field(page, 'Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expectInlineError(field(page, 'Email'), 'must be a valid email address');
    await expectInlineError(field(page, 'Password'), 'must be 8 to 256 characters');
    // The first field at fault has the focus.
    expect(await field(page, 'Email').evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await field(page, 'Username').getAttribute('aria-invalid')).toBe('false');
    expect(await toasts(page).count()).toBe(0);
    expect(sent).toEqual([]);
    await screenshot(page, 'forms-register-phone');

    // Corrected, the message goes as it is typed; then the account is created.
    await field(page, 'Email').fill(`${username}@example.com`);
    await expect.poll(() => field(page, 'Email').getAttribute('aria-invalid'), POLL).toBe('false');
    await field(page, 'Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Signed in: the feed's form shows (the phone layout hides the username in the header).
    await page.getByRole('textbox', { name: "What's happening?" }).waitFor();
    expect(sent.filter((name) => name === 'Register')).toEqual(['Register']);
    await suite.end();
  });

  it('a too-long tweet shows under the field only: no toast, no request', async () => {
    suite.start();
    const user = await registerUser(suite.server);
    const page = await suite.page(user, DESKTOP, '/');
    const body = page.getByRole('textbox', { name: "What's happening?" });
    await body.waitFor();
    const sent = sentOperations(page);
    // 281 user-perceived characters, though many more code units: the count is the server's.
    await body.fill('\u{1F3B6}'.repeat(281));
    await page.getByRole('button', { name: 'Tweet', exact: true }).click();
    await expectInlineError(body, '1 character too many');
    expect(await toasts(page).count()).toBe(0);
    expect(sent.filter((name) => name === 'PostTweet')).toEqual([]);

    await body.fill('\u{1F3B6}'.repeat(280));
    await expect.poll(() => body.getAttribute('aria-invalid'), POLL).toBe('false');
    await page.getByRole('button', { name: 'Tweet', exact: true }).click();
    await page.getByTestId('tweet-body').filter({ hasText: '\u{1F3B6}'.repeat(280) }).waitFor();
    expect(sent.filter((name) => name === 'PostTweet')).toEqual(['PostTweet']);
    await suite.end();
  });

  it('toasts: two at most, at the top so a phone keeps the submit button free, closable by name', async () => {
    suite.start();
    const user = await registerUser(suite.server);
    const page = await suite.page(user, DESKTOP, '/tasks');
    await page.setViewportSize(PHONE);
    await page.getByText('No tasks yet').waitFor();
    // Toasts come and go on their own timers: the page records the most shown at once, and every close button's name.
    await page.evaluate(() => {
      const seen = { most: 0, closeNames: new Set<string | null>() };
      (window as unknown as { toastsSeen: typeof seen }).toastsSeen = seen;
      new MutationObserver(() => {
        const shown = [...document.querySelectorAll('.mantine-Notification-root')];
        seen.most = Math.max(seen.most, shown.length);
        for (const toast of shown) seen.closeNames.add(toast.querySelector('button')?.getAttribute('aria-label') ?? null);
      }).observe(document.body, { childList: true, subtree: true });
    });
    for (const title of ['one', 'two', 'three']) {
      await field(page, 'New task').fill(title);
      await page.getByRole('button', { name: 'Add task' }).click();
      await page.getByTestId('task-title').filter({ hasText: new RegExp(`^${title}$`) }).waitFor();
    }
    // Where the toasts are now, against the submit button, in one go.
    const { boxes, submit } = await page.evaluate(() => ({
      boxes: [...document.querySelectorAll('.mantine-Notification-root')].map((toast) => toast.getBoundingClientRect().toJSON() as DOMRect),
      submit: [...document.querySelectorAll('button')].find((button) => button.textContent === 'Add task')!.getBoundingClientRect().toJSON() as DOMRect,
    }));
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) {
      expect(box.bottom <= submit.top || box.top >= submit.bottom, 'a toast covers "Add task"').toBe(true);
      expect(box.top).toBeLessThan(PHONE.height / 2);
    }
    await screenshot(page, 'forms-toasts-phone');
    const seen = await page.evaluate(() => {
      const { most, closeNames } = (window as unknown as { toastsSeen: { most: number; closeNames: Set<string | null> } }).toastsSeen;
      return { most, closeNames: [...closeNames] };
    });
    expect(seen.most).toBeGreaterThan(0);
    expect(seen.most).toBeLessThanOrEqual(2);
    expect(seen.closeNames).toEqual(['Close notification']);
    // The named button closes its toast (a queued one may take its place).
    for (let round = 0; round < 4; round++) {
      const toast = await toasts(page).first().elementHandle({ timeout: 1_000 }).catch(() => null);
      if (!toast) break;
      await page.getByRole('button', { name: 'Close notification' }).first().click().catch(() => undefined);
      await toast.waitForElementState('hidden');
    }
    await expect.poll(() => toasts(page).count(), POLL).toBe(0);
    await suite.end();
  });
});
