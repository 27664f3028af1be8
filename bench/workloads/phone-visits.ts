// The phone workload's browser side (bench/workloads/phone.mjs runs it): cold visits on issue 17's
// slow phone, with the e2e tests' own measurement (tests/e2e/support.ts), printed as JSON lines.
//   node --import @swc-node/register/esm-register bench/workloads/phone-visits.ts build
//   node --import @swc-node/register/esm-register bench/workloads/phone-visits.ts visit '{"origin":…,"runs":3,"username":…,"password":…}'
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, coldVisit, ensureClientBuilt, FIRST_TWEET, SIGN_IN_USABLE, type WireResponse } from '../../tests/e2e/support.js';

const [mode, json] = process.argv.slice(2);

function jsBytes(responses: WireResponse[]): number {
  return responses.filter((response) => new URL(response.url).pathname.endsWith('.js')).reduce((sum, response) => sum + response.bodyBytes, 0);
}

if (mode === 'build') {
  process.stdout.write(`${JSON.stringify({ client: await ensureClientBuilt() })}\n`);
} else if (mode === 'visit') {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  const { origin, runs, username, password } = JSON.parse(json!) as { origin: string; runs: number; username: string; password: string };
  /** A new session per visit: the app rotates its refresh token, and reusing a spent one ends the session. */
  const newSession = async (): Promise<string> => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: LoginInput!) { login(input: $input) { refreshToken } }',
        variables: { input: { usernameOrEmail: username, password } },
      }),
    });
    const body = (await response.json()) as { data?: { login?: { refreshToken: string } } };
    if (!body.data?.login) throw new Error(`login answered ${JSON.stringify(body).slice(0, 300)}`);
    return body.data.login.refreshToken;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // Interleaved, so drift in background load hits both alike.
    for (let run = 0; run < runs; run += 1) {
      // The benchmark's Chorus runs with NODE_ENV=production on plain http: see `bypassCsp`.
      const signInPage = await coldVisit(browser, `${origin}/`, SIGN_IN_USABLE, { bypassCsp: true });
      const feed = await coldVisit(browser, `${origin}/`, FIRST_TWEET, { refreshToken: await newSession(), bypassCsp: true });
      // Of the web client's files (GraphQL answers are not compressed: docs/decisions/014).
      const encodings = [
        ...new Set(
          [...signInPage.responses, ...feed.responses]
            .filter((response) => !new URL(response.url).pathname.startsWith('/graphql'))
            .map((response) => response.contentEncoding ?? 'identity'),
        ),
      ];
      process.stdout.write(
        `${JSON.stringify({
          usableMs: signInPage.readyMs,
          firstTweetMs: feed.readyMs,
          signInJsBytes: jsBytes(signInPage.responses),
          feedJsBytes: jsBytes(feed.responses),
          signInBytes: signInPage.responses.reduce((sum, response) => sum + response.bodyBytes, 0),
          encodings,
        })}\n`,
      );
    }
  } finally {
    await browser.close();
  }
} else {
  throw new Error(`usage: phone-visits.ts build | visit <json>`);
}
