/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAdmin, registerUser, rootField, type TestUser } from '../helpers/chorus.js';
import { browserSuite, CHROMIUM, DESKTOP, field, focused, PHONE, screenshot } from './support.js';

const hasChromium = existsSync(CHROMIUM);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const POLL = { interval: 100, timeout: 10_000 };

/** Runs axe-core on the page as it is; returns the critical and serious violations, readable. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the app's Content-Security-Policy (script-src 'self') lets it in.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: object, options: object) => Promise<AxeResults> } }).axe.run(
      // GraphiQL's tab strip puts role="tab" on the <li> around the tab's own buttons (nested-interactive):
      // GraphiQL's markup, not ours to change.
      { exclude: [['.graphiql-tabs']] },
      {
        // The visible label of a control is part of its name (WCAG 2.5.3): off by default in axe, on here.
        rules: { 'label-content-name-mismatch': { enabled: true } },
        resultTypes: ['violations'],
      },
    ),
  );
  return results.violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.failureSummary?.replace(/\s+/g, ' ')} — ${node.html.slice(0, 140)}`),
    );
}

describe.skipIf(!hasChromium)('accessibility in Chromium: axe-core on every page', { timeout: 180_000 }, () => {
  const suite = browserSuite({ STORY_WORD_DELAY_MS: '1' });

  /** The pages' data: an admin with tweets, tasks, a prompt with a finished story; another user with a tweet. */
  let uma: TestUser;
  let other: TestUser;
  let promptId: string;
  beforeAll(async () => {
    uma = await registerUser(suite.server, `uma_${Date.now() % 1_000_000}`);
    await makeAdmin(suite.server, uma);
    other = await registerUser(suite.server, `oli_${Date.now() % 1_000_000}`);
    await rootField(suite.server, other, `mutation { postTweet(input: { body: "A tweet from Oli, liked by nobody yet" }) { id } }`);
    await rootField(suite.server, uma, `mutation { postTweet(input: { body: "Uma's own tweet" }) { id } }`);
    for (const title of ['Water the plants', 'A task with a rather long title that has to wrap on a phone screen somewhere', 'Call the bank']) {
      await rootField(suite.server, uma, `mutation ($title: String!) { createTask(input: { title: $title, notes: "Some notes" }) { id } }`, { title });
    }
    const prompt = await rootField(
      suite.server,
      uma,
      `mutation { createPrompt(input: { title: "The lighthouse", content: "A keeper finds a bottle.", genre: "fantasy", tone: "hopeful" }) { id } }`,
    );
    promptId = prompt.id;
    await rootField(suite.server, uma, `mutation ($id: ID!) { generateStory(input: { promptId: $id, maxWords: 50 }) { id } }`, { id: promptId });
  });

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('has no critical or serious axe violation on any page (%s), a main landmark and a level-1 heading', async (size, viewport) => {
    suite.start();
    /** Each page, and what shows once it is ready. */
    const signedOut: [string, string, (page: Page) => Promise<unknown>][] = [
      ['login', '/login', (page) => page.getByRole('heading', { name: 'Sign in' }).waitFor()],
      ['register', '/register', (page) => page.getByRole('heading', { level: 1 }).waitFor()],
    ];
    const signedIn: [string, string, (page: Page) => Promise<unknown>][] = [
      ['tweets', '/tweets', (page) => page.getByTestId('tweet').first().waitFor()],
      ['user-page', `/u/${other.username}`, (page) => page.getByTestId('tweet').first().waitFor()],
      ['tasks', '/tasks', (page) => page.getByTestId('task-item').first().waitFor()],
      ['story-bot', '/stories', (page) => page.getByTestId('prompt-list').waitFor()],
      ['story-new', '/stories/new', (page) => page.getByRole('button', { name: 'Create prompt' }).waitFor()],
      ['story-detail', `/stories/${promptId}`, (page) => page.locator('[data-testid=story][data-status=DONE]').first().waitFor()],
      ['profile', '/profile', (page) => page.getByRole('button', { name: 'Save profile' }).waitFor()],
      ['admin-users', '/admin', (page) => page.getByTestId(`user-row-${other.username}`).waitFor()],
      ['not-found', '/no-such-page', (page) => page.getByText('Nothing here').waitFor()],
      ['playground', '/graphql', (page) => page.locator('.graphiql-query-editor .monaco-editor, [data-testid=playground-too-narrow]').first().waitFor()],
    ];

    const report: Record<string, string[]> = {};
    for (const [user, pages] of [[null, signedOut], [uma, signedIn]] as const) {
      const page = await suite.page(user, viewport);
      for (const [name, path, ready] of pages) {
        await page.goto(suite.origin() + path);
        await ready(page);
        // Transitions (Mantine's are ~150 ms) settle before colours are measured.
        await page.waitForTimeout(300);
        await screenshot(page, `a11y-${name}-${size}`);
        // axe rates these "moderate", but a page without them cannot be navigated by landmark or heading.
        const structure = [
          ...((await page.getByRole('main').count()) === 1 ? [] : ['not exactly one main landmark']),
          ...((await page.getByRole('heading', { level: 1 }).count()) >= 1 ? [] : ['no level-1 heading']),
        ];
        report[name] = [...structure, ...(await seriousViolations(page))];
      }
    }
    const failing = Object.fromEntries(Object.entries(report).filter(([, violations]) => violations.length > 0));
    if (Object.keys(failing).length > 0) console.warn(`axe violations (${size}):\n${JSON.stringify(failing, null, 2)}`);
    expect(failing).toEqual({});
    await suite.end();
  });
});

describe.skipIf(!hasChromium)('keyboard use in Chromium', { timeout: 60_000 }, () => {
  const suite = browserSuite();

  it('starts with a skip link to the content; focus returns to the composer after posting a tweet', async () => {
    suite.start();
    const kai = await registerUser(suite.server, `kai_${Date.now() % 1_000_000}`);
    const page = await suite.page(kai, DESKTOP, '/tweets');
    const composer = page.getByRole('textbox', { name: "What's happening?" });
    await composer.waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a: Skip to content');
    const link = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    expect(link && link.y >= 0 && link.x >= 0 && link.width > 20).toBe(true);
    await screenshot(page, 'a11y-skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    // From the content, the next Tab is the page's first control: the composer.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe("textarea: What's happening?");

    const body = `Typed, sent by keyboard ${Date.now()}`;
    await page.keyboard.type(body);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button: Tweet');
    await page.keyboard.press('Enter');
    await page.getByTestId('tweet-body').filter({ hasText: body }).waitFor();
    await expect.poll(() => focused(page), POLL).toBe("textarea: What's happening?");
    expect(await composer.inputValue()).toBe('');
    await suite.end();
  });

  it('moves focus to the next task after a delete, the heading after the last; Escape closes the editor; Move down leaves no tooltip', async () => {
    suite.start();
    const tia = await registerUser(suite.server, `tia_${Date.now() % 1_000_000}`);
    for (const title of ['Third', 'Second', 'First']) {
      await rootField(suite.server, tia, `mutation ($title: String!) { createTask(input: { title: $title }) { id } }`, { title });
    }
    const page = await suite.page(tia, DESKTOP, '/tasks');
    const titles = () => page.getByTestId('task-title').allTextContents();
    await expect.poll(titles, POLL).toEqual(['First', 'Second', 'Third']);

    // Escape closes the task editor, and focus goes back to its Edit button.
    await page.getByRole('button', { name: 'Edit: Second' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), POLL).toMatch(/^input: Title/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('form', { name: 'Edit “Second”' }).count(), POLL).toBe(0);
    expect(await focused(page)).toBe('button: Edit: Second');

    // Move down by mouse: the tooltip does not stay behind once the task has moved.
    const moveDown = page.getByRole('button', { name: 'Move down: First' });
    await moveDown.hover();
    await page.getByRole('tooltip', { name: 'Move down' }).waitFor();
    await moveDown.click();
    await expect.poll(titles, POLL).toEqual(['Second', 'First', 'Third']);
    await expect.poll(() => page.getByRole('tooltip').count(), POLL).toBe(0);
    // Hints still work for a pointer that moves on to a button.
    await page.mouse.move(10, 10);
    await page.getByRole('button', { name: 'Move down: Second' }).hover();
    // One hint (a strict locator: the clicked button's must not come back beside it), gone once the pointer leaves.
    await page.getByRole('tooltip', { name: 'Move down' }).waitFor();
    await page.mouse.move(10, 10);
    await expect.poll(() => page.getByRole('tooltip').count(), POLL).toBe(0);

    // Delete by keyboard: focus goes to the next task, then (nothing below) the previous, then the heading.
    await page.getByRole('button', { name: 'Delete: First' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(titles, POLL).toEqual(['Second', 'Third']);
    await expect.poll(() => focused(page), POLL).toBe('input: Done: Third');
    await page.getByRole('button', { name: 'Delete: Third' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), POLL).toBe('input: Done: Second');
    await page.getByRole('button', { name: 'Delete: Second' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('No tasks yet').waitFor();
    await expect.poll(() => focused(page), POLL).toBe('h2: Tasks');
    await suite.end();
  });

  it('leaves no Move hint behind after two moves in a row or a move then a Move button elsewhere; Enter keeps focus on Move down; Escape closes a hint', async () => {
    suite.start();
    const mo = await registerUser(suite.server, `mo_${Date.now() % 1_000_000}`);
    for (const title of ['Delta', 'Gamma', 'Beta', 'Alpha']) {
      await rootField(suite.server, mo, `mutation ($title: String!) { createTask(input: { title: $title }) { id } }`, { title });
    }
    const page = await suite.page(mo, DESKTOP, '/tasks');
    const titles = () => page.getByTestId('task-title').allTextContents();
    const hints = () => page.getByRole('tooltip').allTextContents();
    await expect.poll(titles, POLL).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta']);
    // A hint that wrongly comes back does so as the pointer moves: give it time to show before looking.
    const settled = () => page.waitForTimeout(400);

    // Two clicks in a row on the spot: each moves the task whose button is under the pointer by then.
    const spot = await page.getByRole('button', { name: 'Move down: Alpha' }).boundingBox();
    if (!spot) throw new Error('no Move down: Alpha on the page');
    const [x, y] = [spot.x + spot.width / 2, spot.y + spot.height / 2];
    await page.mouse.move(x, y);
    await expect.poll(hints, POLL).toEqual(['Move down']);
    await page.mouse.click(x, y);
    await expect.poll(titles, POLL).toEqual(['Beta', 'Alpha', 'Gamma', 'Delta']);
    await page.mouse.click(x, y);
    await expect.poll(titles, POLL).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta']);
    await page.mouse.move(10, 10);
    await settled();
    expect(await hints()).toEqual([]);

    // A move, then straight on to another Move button: only that button's hint shows, and it goes with the pointer.
    await page.mouse.move(x, y);
    await expect.poll(hints, POLL).toEqual(['Move down']);
    await page.mouse.click(x, y);
    await expect.poll(titles, POLL).toEqual(['Beta', 'Alpha', 'Gamma', 'Delta']);
    await page.getByRole('button', { name: 'Move up: Gamma' }).hover();
    await expect.poll(hints, POLL).toEqual(['Move up']);
    await settled();
    expect(await hints()).toEqual(['Move up']);
    await page.mouse.move(10, 10);
    await settled();
    expect(await hints()).toEqual([]);

    // Escape closes a hint under a still pointer.
    await page.getByRole('button', { name: 'Move down: Gamma' }).hover();
    await expect.poll(hints, POLL).toEqual(['Move down']);
    await page.keyboard.press('Escape');
    await expect.poll(hints, POLL).toEqual([]);
    await page.mouse.move(10, 10);

    // By keyboard, focus stays on Move down as its task goes down, and no hint shows.
    await page.getByRole('button', { name: 'Move down: Beta' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(titles, POLL).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta']);
    await page.keyboard.press('Enter');
    await expect.poll(titles, POLL).toEqual(['Alpha', 'Gamma', 'Beta', 'Delta']);
    expect(await focused(page)).toBe('button: Move down: Beta');
    await settled();
    expect(await hints()).toEqual([]);
    await suite.end();
  });

  it('focuses the heading of a prompt just created', async () => {
    suite.start();
    const pia = await registerUser(suite.server, `pia_${Date.now() % 1_000_000}`);
    const page = await suite.page(pia, DESKTOP, '/stories/new');
    await field(page, 'Title').fill('The night ferry');
    await field(page, 'Prompt').fill('A ferry that only runs when nobody is waiting for it.');
    await page.getByRole('button', { name: 'Create prompt' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Write a story' }).waitFor();
    await expect.poll(() => focused(page), POLL).toBe('h2: The night ferry');
    await suite.end();
  });
});
