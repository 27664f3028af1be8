/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, hasChromium } from './support.js';

/** Short-lived access tokens: the page refreshes its session within the test. */
const ACCESS_TOKEN_TTL_SECONDS = 6;

interface ExchangeInput {
  refreshToken: string;
  clientMutationId?: string;
}

describe.skipIf(!hasChromium)('a reload while the session refreshes, in Chromium', { timeout: 90_000 }, () => {
  const suite = browserSuite({ ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) });

  it('stays signed in when the page is reloaded after the server rotated its token but before the answer arrived', async () => {
    suite.start();
    const user = await registerUser(suite.server, `rolf_${Date.now() % 1_000_000}`);
    const page = await suite.page(user, DESKTOP, '/tasks');
    await page.getByTestId('signed-in-as').waitFor();

    // The next token exchange reaches the server (which rotates the token), and its answer is held
    // back until after the reload: the page that sent it never hears back.
    const exchanges: ExchangeInput[] = [];
    let held = false;
    let rotated!: () => void;
    const serverRotated = new Promise<void>((resolve) => (rotated = resolve));
    await page.context().route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('"RefreshToken"')) return route.continue();
      exchanges.push((JSON.parse(body) as { variables: { input: ExchangeInput } }).variables.input);
      if (held) return route.continue();
      held = true;
      const response = await route.fetch();
      rotated();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await route.fulfill({ response }).catch(() => undefined);
    });
    await serverRotated;
    await page.reload();
    await page.getByTestId('signed-in-as').filter({ hasText: user.username }).waitFor({ timeout: 20_000 });
    // The reloaded page sent the same exchange again, which the server answered.
    expect(exchanges.length).toBeGreaterThanOrEqual(2);
    expect(exchanges[1]).toEqual(exchanges[0]);
    expect(exchanges[0]!.clientMutationId).toMatch(/^[0-9a-f-]{36}$/);

    // And the session lives on: past the next access token's lifetime, another reload refreshes it.
    await page.waitForTimeout(ACCESS_TOKEN_TTL_SECONDS * 1_000);
    await page.reload();
    await page.getByTestId('signed-in-as').filter({ hasText: user.username }).waitFor({ timeout: 20_000 });
    expect(exchanges.at(-1)!.refreshToken).not.toBe(exchanges[0]!.refreshToken);
    await suite.end();
  });
});
