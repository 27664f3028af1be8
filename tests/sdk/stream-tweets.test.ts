import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PostTweetDocument } from '../../sdk/src/generated/graphql.js';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { createTestDatabase } from '../helpers/chorus.js';
import { type ChorusProcess, spawnChorus } from '../helpers/process.js';
import { type SdkSession, signUp } from '../helpers/sdk.js';

const root = path.resolve(import.meta.dirname, '../..');
const processes: ChorusProcess[] = [];
const children: ChildProcess[] = [];
const sessions: SdkSession[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(sessions.map((session) => session.dispose()));
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
});

/** Runs sdk/examples/stream-tweets.ts the way its README says, and collects the tweets it prints. */
function runExample(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'sdk/examples/stream-tweets.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const bodies = () => [...stdout.matchAll(/^CREATED \S+ @\S+: (.*)$/gm)].map((match) => match[1]!);
  const output = () => `exit ${child.exitCode}\nstdout:\n${stdout}\nstderr:\n${stderr}`;
  return {
    bodies,
    output,
    async waitFor(body: string, timeoutMs = 20_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!bodies().includes(body)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the example never printed "${body}"; ${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    get exitCode() {
      return child.exitCode;
    },
  };
}

describe('sdk/examples/stream-tweets.ts', () => {
  it('streams tweets across a server restart on the same port: each tweet exactly once, in order', async () => {
    const databaseUrl = await createTestDatabase();
    const port = String(await freePort());
    // `other` shares the database and stays up: tweets posted through it while `main` is down.
    const [main, other] = await Promise.all([spawnChorus({ DATABASE_URL: databaseUrl, PORT: port }), spawnChorus({ DATABASE_URL: databaseUrl })]);
    processes.push(main, other);

    const alice = await signUp(main.graphqlUrl);
    sessions.push(alice);
    const throughOther = alice.clientFor(other.graphqlUrl);
    const tweet = async (body: string, client = alice.client) => (await client.mutate(PostTweetDocument, { input: { body } })).postTweet;

    const example = runExample({ CHORUS_URL: main.graphqlUrl, CHORUS_USER: alice.user.username, CHORUS_PASSWORD: alice.password });
    // Without a cursor the stream starts when the server has the subscribe message: post until one shows.
    for (let attempt = 0; example.bodies().length === 0; attempt++) {
      if (attempt === 100 || example.exitCode !== null) throw new Error(`the example never went live; ${example.output()}`);
      await tweet(`warm-up ${attempt}`, throughOther);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await tweet('before 1');
    await tweet('before 2');
    await example.waitFor('before 2');

    expect(await main.stop('SIGTERM')).toBe(0);
    await tweet('while down 1', throughOther);
    await tweet('while down 2', throughOther);
    const restarted = await spawnChorus({ DATABASE_URL: databaseUrl, PORT: port });
    processes.push(restarted);
    expect(restarted.graphqlUrl).toBe(main.graphqlUrl);
    await tweet('after restart 1');
    await tweet('after restart 2', throughOther);
    await example.waitFor('after restart 2');

    const printed = example.bodies().filter((body) => !body.startsWith('warm-up'));
    expect(printed).toEqual(['before 1', 'before 2', 'while down 1', 'while down 2', 'after restart 1', 'after restart 2']);
    const warmUps = example.bodies().filter((body) => body.startsWith('warm-up'));
    expect(new Set(warmUps).size).toBe(warmUps.length);
    expect(example.exitCode).toBeNull();
  }, 60_000);
});
