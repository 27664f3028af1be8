// `--only phone`: how fast the web client is on a slow phone (issue 17): cold sign-in until the form
// is usable, and a signed-in cold visit until the feed shows its first tweet. Chromium with DevTools
// throttling (150 ms RTT, 1.6 Mbps down, 750 Kbps up, 4× CPU slowdown; tests/e2e/support.ts has the
// profile and the measurement, tests/e2e/slow-phone.test.ts asserts the bytes), against the Chorus
// the other workloads use, serving client/dist.
import { fmt, median, runProcess } from '../lib/util.mjs';

const SCRIPT = 'bench/workloads/phone-visits.ts';
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { refreshToken } }';

/** Builds client/dist when it is stale: Chorus serves the web client only if it exists when it starts. */
export async function preparePhone({ node, ts }) {
  const out = await runProcess(node, [...ts, SCRIPT, 'build'], { timeoutMs: 600_000 });
  return JSON.parse(out.trim().split('\n').at(-1)).client;
}

/** `runs` cold visits of each kind; medians of the moments and the bytes of every run. */
export async function phoneWorkload({ node, ts, origin, runs, graphql, log }) {
  const username = `phone_${Date.now().toString(36)}`;
  const password = 'correct horse battery';
  const registered = await graphql(`${origin}/graphql`, REGISTER, {
    variables: { input: { username, email: `${username}@example.com`, password, name: 'Phone Bench' } },
  });
  if (!registered.data?.register?.refreshToken) throw new Error(`register answered ${JSON.stringify(registered).slice(0, 300)}`);
  log(`phone: ${runs} cold sign-in and ${runs} cold feed visits on the slow phone`);
  const out = await runProcess(node, [...ts, SCRIPT, 'visit', JSON.stringify({ origin, runs, username, password })], { timeoutMs: runs * 240_000 });
  const visits = out.trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  for (const [i, v] of visits.entries()) {
    log(`phone run ${i + 1}/${runs}: usable ${fmt.ms(v.usableMs)}, first tweet ${fmt.ms(v.firstTweetMs)}; JS ${fmt.kb(v.signInJsBytes / 1024)} / ${fmt.kb(v.feedJsBytes / 1024)}; ${v.encodings.join(', ')}`);
  }
  return {
    runs: visits,
    usableMs: median(visits.map((v) => v.usableMs)),
    firstTweetMs: median(visits.map((v) => v.firstTweetMs)),
    signInJsKB: median(visits.map((v) => v.signInJsBytes)) / 1024,
    feedJsKB: median(visits.map((v) => v.feedJsBytes)) / 1024,
    encodings: [...new Set(visits.flatMap((v) => v.encodings))],
  };
}

const seconds = (ms) => (ms == null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

/** The results table's rows (the runner's `row(workload, metric, chorus, peer, ratio, target, met)`). */
export function phoneRows(phone, { row, failed, verdict }) {
  const name = 'Phone (cold, 150 ms RTT, 1.6 Mbps, 4× CPU)';
  if (phone.error) return failed(name, phone.error);
  row(name, 'sign-in usable (median)', seconds(phone.usableMs), '', '', '< 3 s', verdict(phone.usableMs < 3000));
  row(name, 'feed: first tweet (median)', seconds(phone.firstTweetMs), '', '', '< 4 s', verdict(phone.firstTweetMs < 4000));
  row(name, 'JavaScript on the wire: sign-in / feed', `${fmt.kb(phone.signInJsKB)} / ${fmt.kb(phone.feedJsKB)} (${phone.encodings.join(', ')})`, '', '', '≤ 150 KB / ≤ 250 KB', verdict(phone.signInJsKB <= 150 && phone.feedJsKB <= 250));
}

export function phoneDetails(phone) {
  if (phone.error || !phone.runs?.length) return [];
  return [`- Phone runs (usable / first tweet): ${phone.runs.map((v) => `${seconds(v.usableMs)} / ${seconds(v.firstTweetMs)}`).join('; ')}.`];
}
