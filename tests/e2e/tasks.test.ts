/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerUser, type TestUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, field, hasChromium, PHONE, screenshot } from './support.js';

const POLL = { interval: 100, timeout: 10_000 };

const TASK = 'id title notes done dueAt';

describe.skipIf(!hasChromium)('tasks in the web client', { timeout: 90_000 }, () => {
  const suite = browserSuite();

  async function addTask(user: TestUser, input: { title: string; notes?: string; dueAt?: string }) {
    const result = await suite.server.graphql(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { ${TASK} } }`, { input }, user.accessToken);
    expect(result.errors).toBeUndefined();
  }

  async function tasksOf(user: TestUser): Promise<{ id: string; title: string; notes: string; done: boolean; dueAt: string | null }[]> {
    const result = await suite.server.graphql(`{ tasks(first: 50) { edges { node { ${TASK} } } } }`, {}, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.tasks.edges.map((edge: { node: unknown }) => edge.node);
  }

  const titles = (page: Page) => page.getByTestId('task-title').allTextContents();
  const undo = (page: Page, toast: string) => page.getByTestId('toast-undo').filter({ hasText: toast }).getByRole('button', { name: 'Undo' });

  it('completed tasks sink below open ones; Undo in the toast reopens; a deleted task comes back with Undo, in its place', async () => {
    suite.start();
    const user = await registerUser(suite.server);
    // Added last, shown first.
    await addTask(user, { title: 'Write the report' });
    await addTask(user, { title: 'Call mom', notes: 'About Sunday', dueAt: '2020-01-15T00:00:00.000Z' });
    await addTask(user, { title: 'Buy milk' });
    const page = await suite.page(user, DESKTOP, '/tasks');
    await expect.poll(() => titles(page), POLL).toEqual(['Buy milk', 'Call mom', 'Write the report']);

    await page.getByRole('checkbox', { name: 'Done: Buy milk' }).click();
    await expect.poll(() => titles(page), POLL).toEqual(['Call mom', 'Write the report', 'Buy milk']);
    // Moving stays within a group: the first done task cannot go above the open ones.
    expect(await page.getByRole('button', { name: 'Move up: Buy milk' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Move down: Write the report' }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Done: Call mom' }).click();
    await expect.poll(() => titles(page), POLL).toEqual(['Write the report', 'Buy milk', 'Call mom']);
    await undo(page, '“Call mom” done.').click();
    await expect.poll(() => titles(page), POLL).toEqual(['Call mom', 'Write the report', 'Buy milk']);
    expect(await page.getByRole('checkbox', { name: 'Done: Call mom' }).isChecked()).toBe(false);
    expect((await tasksOf(user)).find((task) => task.title === 'Call mom')?.done).toBe(false);

    await page.getByRole('button', { name: 'Delete: Call mom' }).click();
    await expect.poll(() => titles(page), POLL).toEqual(['Write the report', 'Buy milk']);
    await undo(page, '“Call mom” deleted.').click();
    await expect.poll(() => titles(page), POLL).toEqual(['Call mom', 'Write the report', 'Buy milk']);
    const restored = (await tasksOf(user)).find((task) => task.title === 'Call mom');
    expect(restored).toMatchObject({ notes: 'About Sunday', done: false, dueAt: '2020-01-15T00:00:00.000Z' });
    // In its place in the server's position order too (where the done "Buy milk" still stands first).
    await expect.poll(async () => (await tasksOf(user)).map((task) => task.title), POLL).toEqual(['Buy milk', 'Call mom', 'Write the report']);

    // A deleted done task comes back done, below the open ones.
    await page.getByRole('button', { name: 'Delete: Buy milk' }).click();
    await expect.poll(() => titles(page), POLL).toEqual(['Call mom', 'Write the report']);
    await undo(page, '“Buy milk” deleted.').click();
    await expect.poll(() => titles(page), POLL).toEqual(['Call mom', 'Write the report', 'Buy milk']);
    expect(await page.getByRole('checkbox', { name: 'Done: Buy milk' }).isChecked()).toBe(true);
    await suite.end();
  });

  it('shows the year of a due date that is not this year; quick add reads a trailing day and shows it before adding', async () => {
    suite.start();
    const user = await registerUser(suite.server);
    const thisYear = new Date().getFullYear();
    await addTask(user, { title: 'Old', dueAt: '2020-01-15T00:00:00.000Z' });
    await addTask(user, { title: 'Soon', dueAt: `${thisYear}-12-31T00:00:00.000Z` });
    const page = await suite.page(user, DESKTOP, '/tasks');
    const due = (title: string) => page.getByTestId('task-item').filter({ hasText: title }).getByText(/^Due /);
    await expect.poll(() => due('Old').textContent(), POLL).toMatch(/2020/);
    expect(await due('Soon').textContent()).not.toMatch(String(thisYear));

    await field(page, 'New task').fill('pay rent 2027-01-05');
    const understood = page.getByTestId('quick-add-understood');
    await expect.poll(() => understood.textContent(), POLL).toMatch(/^Due .*Jan.*2027: “pay rent”$/);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByTestId('task-title').filter({ hasText: /^pay rent$/ }).waitFor();
    expect((await tasksOf(user)).find((task) => task.title === 'pay rent')?.dueAt).toBe('2027-01-05T00:00:00.000Z');
    expect(await due('pay rent').textContent()).toMatch(/2027/);

    // "fri" means the next Friday; the words can be kept as typed instead.
    await field(page, 'New task').fill('report fri');
    await expect.poll(() => understood.textContent(), POLL).toMatch(/^Due Fri.*: “report”$/);
    await screenshot(page, 'tasks-quick-add');
    await page.getByRole('button', { name: 'Keep “fri” as text' }).click();
    await expect.poll(() => understood.textContent(), POLL).toBe('Added as typed, with no due date');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByTestId('task-title').filter({ hasText: /^report fri$/ }).waitFor();
    expect((await tasksOf(user)).find((task) => task.title === 'report fri')?.dueAt).toBeNull();

    await field(page, 'New task').fill('buy milk tomorrow');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByTestId('task-title').filter({ hasText: /^buy milk$/ }).waitFor();
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    expect((await tasksOf(user)).find((task) => task.title === 'buy milk')?.dueAt).toBe(`${day}T00:00:00.000Z`);

    await page.getByRole('checkbox', { name: 'Done: Old' }).click();
    await expect.poll(() => titles(page), POLL).toEqual(['buy milk', 'report fri', 'pay rent', 'Soon', 'Old']);
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'tasks-desktop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'tasks-phone');
    await suite.end();
  });
});
