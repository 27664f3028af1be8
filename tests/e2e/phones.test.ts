/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { describe, expect, it } from 'vitest';
import { makeAdmin, registerUser, rootField } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, hasChromium, overflowingRight, PHONE, screenshot } from './support.js';

const POLL = { interval: 100, timeout: 10_000 };

describe.skipIf(!hasChromium)('on a phone (390×844) in Chromium', { timeout: 90_000 }, () => {
  const suite = browserSuite();

  it('shows admin users as cards with Role, Joined and Delete on screen', async () => {
    suite.start();
    const ada = await registerUser(suite.server, `ada_${Date.now() % 1_000_000}`);
    await makeAdmin(suite.server, ada);
    const bob = await registerUser(suite.server, `bob_with_a_long_username_${Date.now() % 1_000_000}`);
    const page = await suite.page(ada, PHONE, '/admin');
    const card = page.getByTestId(`user-row-${bob.username}`);
    await card.waitFor();
    await screenshot(page, 'phone-admin');
    const role = card.getByLabel(`Role of @${bob.username}`);
    const remove = card.getByRole('button', { name: `Delete @${bob.username}` });
    for (const shown of [role, remove, card.getByText(/^Joined /)]) {
      expect(await shown.isVisible()).toBe(true);
      const box = (await shown.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await overflowingRight(page, '[data-testid^=user-row-], [data-testid^=user-row-] *')).toEqual([]);
    await suite.end();
  });

  it('puts task actions in a menu, so a long title gets the width; the menu acts', async () => {
    suite.start();
    const tom = await registerUser(suite.server, `tom_${Date.now() % 1_000_000}`);
    const long = 'Renew the passport before the summer trip to see the grandparents';
    await rootField(suite.server, tom, `mutation ($title: String!) { createTask(input: { title: $title }) { id } }`, { title: 'Short one' });
    await rootField(suite.server, tom, `mutation ($title: String!) { createTask(input: { title: $title }) { id } }`, { title: long });
    const page = await suite.page(tom, PHONE, '/tasks');
    const item = page.getByTestId('task-item').filter({ hasText: long });
    await item.waitFor();
    await screenshot(page, 'phone-tasks');
    // The row's buttons are not squeezed in next to the title: one menu button instead.
    expect(await item.getByRole('button', { name: `Edit: ${long}` }).isVisible()).toBe(false);
    expect(await item.getByRole('button', { name: `Delete: ${long}` }).isVisible()).toBe(false);
    const title = (await item.getByTestId('task-title').boundingBox())!;
    expect(title.width).toBeGreaterThan(PHONE.width * 0.6);
    expect(await overflowingRight(page, '[data-testid=task-item], [data-testid=task-item] *')).toEqual([]);

    await item.getByRole('button', { name: `Actions: ${long}` }).click();
    await page.getByRole('menuitem', { name: 'Move down' }).click();
    await expect.poll(() => page.getByTestId('task-title').allTextContents(), POLL).toEqual(['Short one', long]);
    await item.getByRole('button', { name: `Actions: ${long}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('task-title').allTextContents(), POLL).toEqual(['Short one']);
    await suite.end();
  });

  it('shows the open prompt above the prompt list on the story bot', async () => {
    suite.start();
    const sue = await registerUser(suite.server, `sue_${Date.now() % 1_000_000}`);
    const prompt = await rootField(suite.server, sue, `mutation { createPrompt(input: { title: "Salt and iron", content: "Two smiths, one forge." }) { id } }`);
    const page = await suite.page(sue, PHONE, `/stories/${prompt.id}`);
    const heading = page.getByRole('heading', { name: 'Salt and iron' });
    await heading.waitFor();
    await page.getByTestId('prompt-list').waitFor();
    await screenshot(page, 'phone-story-detail');
    const detailTop = (await heading.boundingBox())!.y;
    expect(detailTop).toBeLessThan(PHONE.height / 2);
    expect(detailTop).toBeLessThan((await page.getByTestId('prompt-list').boundingBox())!.y);
    // With no prompt open, the list comes first (a new tab: this one would reopen its last prompt).
    const fresh = await suite.page(sue, PHONE, '/stories');
    await fresh.getByText('Choose a prompt').waitFor();
    expect((await fresh.getByTestId('prompt-list').boundingBox())!.y).toBeLessThan((await fresh.getByText('Choose a prompt').boundingBox())!.y);
    await suite.end();
  });

  it('replaces the playground by a message with a way back, and shows it again on a wide screen', async () => {
    suite.start();
    const page = await suite.page(null, PHONE, '/graphql');
    const message = page.getByRole('heading', { name: 'The playground needs a wider screen' });
    await message.waitFor();
    await screenshot(page, 'phone-playground');
    const back = page.getByRole('link', { name: 'Back to Chorus' });
    expect(await back.isVisible()).toBe(true);
    expect(await overflowingRight(page, 'body *')).toEqual([]);
    expect(await page.locator('.graphiql-container').count()).toBe(0);
    await page.setViewportSize(DESKTOP);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    expect(await message.count()).toBe(0);
    await back.click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await suite.end();
  });
});
