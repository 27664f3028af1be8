/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page, type WebSocket as PageSocket } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLIENT_DIST = path.join(ROOT, 'client/dist');
export const ARTIFACTS = path.join(ROOT, 'tests/.artifacts');
export const CHROMIUM = '/usr/bin/chromium';
/** Where the web client keeps its refresh token (`REFRESH_TOKEN_KEY` in client/src/lib/session-store.ts). */
const REFRESH_TOKEN_KEY = 'chorus.refreshToken';
export const MANIFEST_PATH = path.join(ROOT, 'client/src/gql/persisted-documents.json');
export const MANIFEST = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>;
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (child === 'dist' || child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Builds the client (as `npm start` would) unless client/dist is newer than every source. */
export async function ensureClientBuilt(): Promise<'built' | 'fresh'> {
  const built = path.join(CLIENT_DIST, 'index.html');
  // shared/ holds the field rules the client imports with the server.
  const sources = Math.max(newestMtime(path.join(ROOT, 'client')), newestMtime(path.join(ROOT, 'shared')), newestMtime(path.join(ROOT, 'schema.graphql')));
  if (existsSync(built) && existsSync(path.join(CLIENT_DIST, 'playground.html')) && statSync(built).mtimeMs >= sources) return 'fresh';
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT });
  return 'built';
}

/** Gzipped size of the JavaScript the app's HTML loads before anything else (entry + modulepreloads). */
export function initialJsGzipBytes(): { total: number; files: Record<string, number> } {
  const html = readFileSync(path.join(CLIENT_DIST, 'index.html'), 'utf8');
  const files: Record<string, number> = {};
  for (const match of html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)) {
    files[match[1]!] = gzipSync(readFileSync(path.join(CLIENT_DIST, match[1]!))).length;
  }
  return { total: Object.values(files).reduce((sum, size) => sum + size, 0), files };
}

/** The names of the GraphQL operations a page sends from now on (POST bodies' `operationName`). */
export function sentOperations(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    try {
      const body = JSON.parse(request.postData() ?? '{}') as { operationName?: string };
      if (body.operationName) names.push(body.operationName);
    } catch {
      // Not JSON (an upload): not an operation this list follows.
    }
  });
  return names;
}

/** The whole page, or with `fullPage: false` the window as the user sees it (floating things where they float). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: options.fullPage ?? true });
}

/** Console errors and uncaught exceptions of every page of a context: a test ends with none. */
export class BrowserProblems {
  readonly messages: string[] = [];
  /** Every websocket the watched pages opened. */
  readonly sockets: PageSocket[] = [];
  watch(page: Page): Page {
    page.on('websocket', (socket) => this.sockets.push(socket));
    page.on('console', (message) => {
      if (message.type() === 'error') this.messages.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.messages.push(`page error: ${error.message}`));
    return page;
  }
}

/** A browser context already signed in as `refreshToken`'s user (as after a reload). */
export async function signedInContext(browser: Browser, refreshToken: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 850 }, ...options });
  await context.addInitScript(
    ([key, token]) => {
      // Only once: the app rotates the token, and spending an old one again would end the session.
      if (!sessionStorage.getItem('e2e-seeded')) {
        sessionStorage.setItem('e2e-seeded', '1');
        if (!localStorage.getItem(key!)) localStorage.setItem(key!, token!);
      }
    },
    [REFRESH_TOKEN_KEY, refreshToken],
  );
  return context;
}

/** Text inputs by their label (Mantine adds a decorative " *" to required labels). */
export function field(page: Page, label: string) {
  return page.getByRole('textbox', { name: label, exact: true }).or(page.getByRole('searchbox', { name: label, exact: true }));
}

/** Every input, textarea and select has a label (or an aria-label). Returns the ones that do not. */
export function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')]
      .filter((element) => (element as HTMLInputElement).type !== 'hidden' && !element.closest('[aria-hidden="true"]'))
      .filter((element) => !(element.labels?.length || element.getAttribute('aria-label') || element.getAttribute('aria-labelledby')))
      .map((element) => element.outerHTML.slice(0, 160)),
  );
}

/**
 * Presses Tab through the page and returns the visible buttons and links that never got focus
 * (decorative controls hidden from assistive technology are not counted).
 */
export async function unreachableByTab(page: Page): Promise<string[]> {
  const count = await page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('button, a[href], [role="button"]')].filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && !element.closest('[aria-hidden="true"]') && !(element as HTMLButtonElement).disabled;
    });
    controls.forEach((element, index) => element.setAttribute('data-tab-check', String(index)));
    (document.activeElement as HTMLElement | null)?.blur();
    return controls.length;
  });
  const reached = new Set<string>();
  for (let press = 0; press < count * 2 + 30 && reached.size < count; press += 1) {
    await page.keyboard.press('Tab');
    const index = await page.evaluate(() => document.activeElement?.closest('[data-tab-check]')?.getAttribute('data-tab-check') ?? null);
    if (index !== null) reached.add(index);
  }
  return page.evaluate(
    (seen) =>
      [...document.querySelectorAll<HTMLElement>('[data-tab-check]')]
        .filter((element) => !seen.includes(element.getAttribute('data-tab-check')!))
        .map((element) => element.outerHTML.slice(0, 160)),
    [...reached],
  );
}

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Makes the page believe its tab went to the background (or came back), as switching tabs would. */
export async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden ? 'hidden' : 'visible');
}

/**
 * One server (serving the built client) and one Chromium for a describe block, and per test: pages
 * signed in as a user at a viewport size, screenshots of every open page when the test fails, and no
 * console error by its end (`end()`).
 */
export function browserSuite(env: Record<string, string> = {}) {
  const suite = {
    server: undefined as unknown as TestServer,
    browser: undefined as unknown as Browser,
    problems: new BrowserProblems(),
    contexts: [] as BrowserContext[],
    origin: () => suite.server.url.replace(/\/graphql$/, ''),
    start() {
      suite.problems = new BrowserProblems();
      onTestFailed(async ({ task }) => {
        const pages = suite.contexts.flatMap((context) => context.pages());
        await Promise.all(pages.map((page, index) => screenshot(page, `failed-${task.name.slice(0, 30).replace(/\W+/g, '-')}-${index}`).catch(() => undefined)));
        console.warn(`tests/e2e: browser problems so far: ${JSON.stringify(suite.problems.messages)}`);
      });
    },
    async end() {
      await Promise.all(suite.contexts.splice(0).map((context) => context.close()));
      expect(suite.problems.messages).toEqual([]);
    },
    /** A new session for `user` (each browser context needs its own: the app rotates the refresh token it holds). */
    async refreshTokenOf(user: TestUser): Promise<string> {
      const login = await suite.server.graphql(`mutation ($input: LoginInput!) { login(input: $input) { refreshToken } }`, {
        input: { usernameOrEmail: user.username, password: user.password },
      });
      return login.data!.login.refreshToken as string;
    },
    /** A page in a new context, signed in as `user` (or signed out), light scheme, at `viewport`. */
    async page(user: TestUser | null, viewport: { width: number; height: number } = DESKTOP, path?: string): Promise<Page> {
      const context = user ? await signedInContext(suite.browser, await suite.refreshTokenOf(user)) : await suite.browser.newContext();
      suite.contexts.push(context);
      const page = suite.problems.watch(await context.newPage());
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      if (path) await page.goto(suite.origin() + path);
      return page;
    },
  };
  beforeAll(async () => {
    await ensureClientBuilt();
    suite.server = await startTestServer({ env: { CLIENT_DIR: CLIENT_DIST, ...env } });
    suite.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await Promise.all(suite.contexts.map((context) => context.close()));
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** The element that has focus, described for an assertion: its tag, accessible-ish name and text. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return 'body';
    const name = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
    return `${element.tagName.toLowerCase()}: ${name.replace(/\s+/g, ' ').trim()}`;
  });
}

/** Elements matched by `selector` that are shown but reach past the right edge of the viewport. */
export function overflowingRight(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((css) => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>(css)]
      .filter((element) => element.getClientRects().length > 0)
      .filter((element) => element.getBoundingClientRect().right > width + 0.5 || element.getBoundingClientRect().left < -0.5)
      .map((element) => `${element.outerHTML.slice(0, 100)} (right edge ${Math.round(element.getBoundingClientRect().right)} > ${width})`);
  }, selector);
}
