/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page, type WebSocket as PageSocket } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest';
import { signInAgain, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLIENT_DIST = path.join(ROOT, 'client/dist');
export const ARTIFACTS = path.join(ROOT, 'tests/.artifacts');
export const CHROMIUM = '/usr/bin/chromium';
/** Without it the browser tests skip (`describe.skipIf(!hasChromium)`), and `browserSuite()` says why. */
export const hasChromium = existsSync(CHROMIUM);
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

function clientIsFresh(): boolean {
  const built = path.join(CLIENT_DIST, 'index.html');
  // shared/ holds the field rules the client imports with the server.
  const sources = Math.max(newestMtime(path.join(ROOT, 'client')), newestMtime(path.join(ROOT, 'shared')), newestMtime(path.join(ROOT, 'schema.graphql')));
  return existsSync(built) && existsSync(path.join(CLIENT_DIST, 'playground.html')) && statSync(built).mtimeMs >= sources;
}

/** Held while one test process builds: the others (vitest runs files in parallel) wait, then find it fresh. Outside client/, so it is no source. */
const BUILD_LOCK = path.join(ROOT, 'node_modules/.chorus-client-build.lock');
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 5 * 60_000;

async function withBuildLock<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      } catch {
        // Released meanwhile: try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Builds the client (as `npm start` would) unless client/dist is newer than every source. */
export async function ensureClientBuilt(): Promise<'built' | 'fresh'> {
  if (clientIsFresh()) return 'fresh';
  return withBuildLock(async () => {
    if (clientIsFresh()) return 'fresh';
    const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
    // As `npm start` builds it: vitest runs with NODE_ENV=test, and Vite would then bundle React's
    // development build (twice the size, several times slower).
    await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    return 'built';
  });
}

/** Issue 17's ceilings for the JavaScript of a cold visit, in bytes as sent (brotli). */
export const JS_BUDGET = { signIn: 150 * 1024, feed: 250 * 1024 } as const;

/** The lazy modules a cold visit to each page with a budget loads (paths as in Vite's manifest). */
export const PAGE_MODULES = {
  // The sign-in page is part of the entry (docs/decisions/024-fewer-larger-chunks.md).
  signIn: [],
  feed: ['src/app/app-layout.tsx', 'src/features/tweets/components/feed-page.tsx'],
} as const;

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/**
 * The JavaScript a cold visit to a page loads, from the build's manifest: the app's entry, the
 * page's lazy chunks, and every chunk they import; each file at the size it is sent in (its .br,
 * written by the build). Chunks loaded later on demand (toasts, the socket) are not counted.
 */
export function pageJsBytes(pageModules: readonly string[]): { total: number; files: Record<string, number> } {
  const manifest = JSON.parse(readFileSync(path.join(CLIENT_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  for (const module of pageModules) if (!manifest[module]) throw new Error(`${module} is not a chunk of the build`);
  const files: Record<string, number> = {};
  const pending = ['index.html', ...pageModules];
  const seen = new Set<string>();
  while (pending.length) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const chunk = manifest[key]!;
    files[chunk.file] = statSync(path.join(CLIENT_DIST, `${chunk.file}.br`)).size;
    pending.push(...(chunk.imports ?? []));
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

/** The slow phone of issue 17: Chromium DevTools' network and CPU throttling, a phone's screen. */
export const SLOW_PHONE = {
  latencyMs: 150,
  downloadBitsPerSecond: 1_600_000,
  uploadBitsPerSecond: 750_000,
  cpuSlowdown: 4,
  viewport: { width: 390, height: 844 },
} as const;

/** One response of a page, as it came over the wire. */
export interface WireResponse {
  url: string;
  status: number;
  contentType: string;
  contentEncoding: string | null;
  cacheControl: string | null;
  /** The body as sent (compressed when it was). */
  bodyBytes: number;
}

export interface ColdVisit {
  /** Milliseconds from navigation start until `ready` held (`performance.now()` in the page). */
  readyMs: number;
  responses: WireResponse[];
}

/**
 * A moment of a visit, checked in the page: false before it, then `performance.now()` (milliseconds
 * since navigation start). Self-contained: Playwright sends its source to the page.
 */
export type VisitMoment = () => number | false;
/** The sign-in page is usable: its form is there and its button takes a click. */
export const SIGN_IN_USABLE: VisitMoment = () =>
  [...document.querySelectorAll<HTMLButtonElement>('form button[type="submit"]')].some(
    (button) => button.textContent?.trim() === 'Sign in' && !button.disabled,
  ) && performance.now();
/** The feed shows its first tweet. */
export const FIRST_TWEET: VisitMoment = () => document.querySelector('[data-testid="tweet"]') !== null && performance.now();

/**
 * Opens `url` in a new context (an empty cache) on the slow phone and waits for `ready` in the
 * page; `refreshToken` signs the visit in (as a returning user). Returns when that was and every
 * response up to then, with its encoding, cache policy and size on the wire.
 */
export async function coldVisit(
  browser: Browser,
  url: string,
  ready: VisitMoment,
  options: {
    refreshToken?: string;
    /**
     * A production server over plain http (the benchmark, on loopback): its CSP says
     * `upgrade-insecure-requests`, meant for TLS, and the page's API calls would go to https.
     */
    bypassCsp?: boolean;
  } = {},
): Promise<ColdVisit> {
  const context = options.refreshToken
    ? await signedInContext(browser, options.refreshToken, { viewport: SLOW_PHONE.viewport, bypassCSP: options.bypassCsp })
    : await browser.newContext({ viewport: SLOW_PHONE.viewport, bypassCSP: options.bypassCsp });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW_PHONE.latencyMs,
      downloadThroughput: SLOW_PHONE.downloadBitsPerSecond / 8,
      uploadThroughput: SLOW_PHONE.uploadBitsPerSecond / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpuSlowdown });
    const pending: Promise<WireResponse | null>[] = [];
    page.on('response', (response) => {
      pending.push(
        response
          .request()
          .sizes()
          .then((sizes) => ({
            url: response.url(),
            status: response.status(),
            contentType: response.headers()['content-type'] ?? '',
            contentEncoding: response.headers()['content-encoding'] ?? null,
            cacheControl: response.headers()['cache-control'] ?? null,
            bodyBytes: sizes.responseBodySize,
          }))
          .catch(() => null),
      );
    });
    await page.goto(url, { waitUntil: 'commit' });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // A function, not a string: the app's CSP forbids eval.
    const readyMs = (await (
      await page.waitForFunction(ready, undefined, { timeout: 60_000 }).catch(async (error: Error) => {
        const shown = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch(() => '?');
        throw new Error(`${error.message}; the page shows ${JSON.stringify(shown)}; errors: ${JSON.stringify(problems)}`);
      })
    ).jsonValue()) as number;
    const responses = (await Promise.all(pending)).filter((response): response is WireResponse => response !== null);
    return { readyMs, responses };
  } finally {
    await context.close();
  }
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

let skipSaid = false;

export interface BrowserSuiteOptions {
  /**
   * Browser messages this suite expects and `end()` lets pass: what the browser rightly logs while
   * the network or the server is away, say. Every other console error or page error fails the test.
   */
  tolerated?: (message: string) => boolean;
}

/**
 * One server (serving the built client, with `env` on top of the test defaults) and one Chromium for
 * a describe block, and per test: pages signed in as a user at a viewport size, screenshots of every
 * open page when the test fails, and no console error by its end (`end()`). The server can be
 * stopped and started again where the pages expect it (`stopServer()`, `startServer()`).
 */
export function browserSuite(env: Record<string, string> = {}, options: BrowserSuiteOptions = {}) {
  if (!hasChromium && !skipSaid) {
    skipSaid = true;
    console.warn(`tests/e2e: browser tests skipped — ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
  }
  const suite = {
    server: undefined as unknown as TestServer,
    /** True between `stopServer()` and `startServer()`. */
    serverStopped: false,
    browser: undefined as unknown as Browser,
    problems: new BrowserProblems(),
    contexts: [] as BrowserContext[],
    /** The server's address; it stays the same while the server is stopped and after it is started again. */
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
      const tolerated = options.tolerated ?? (() => false);
      expect(suite.problems.messages.filter((message) => !tolerated(message))).toEqual([]);
    },
    /** A new session for `user` (each browser context needs its own: the app rotates the refresh token it holds). */
    async refreshTokenOf(user: TestUser): Promise<string> {
      return (await signInAgain(suite.server, user)).refreshToken;
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
    /** Stops the server, as when it goes down: the pages keep its address, and requests to it fail. */
    async stopServer(): Promise<void> {
      suite.serverStopped = true;
      await suite.server.close();
    },
    /** Starts the server again on the same port and database, as a restarted server. */
    async startServer(): Promise<void> {
      const { databaseUrl, url } = suite.server;
      suite.server = await startTestServer({ databaseUrl, env: { CLIENT_DIR: CLIENT_DIST, ...env, PORT: new URL(url).port } });
      suite.serverStopped = false;
    },
  };
  beforeAll(async () => {
    await ensureClientBuilt();
    // A port below the ephemeral range: while a test has the server stopped, an outgoing connection
    // could otherwise take the port it is started on again.
    suite.server = await startTestServer({ env: { CLIENT_DIR: CLIENT_DIST, PORT: String(await freeLowPort()), ...env } });
    suite.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await Promise.all(suite.contexts.map((context) => context.close()));
    await suite.browser?.close();
    if (!suite.serverStopped) await suite.server?.close();
  });
  return suite;
}

/** A port below 32768 that nothing listens on now. */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
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
