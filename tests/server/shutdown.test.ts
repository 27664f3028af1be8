import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/chorus.js';
import { spawnChorus } from '../helpers/process.js';
import { rawSocket } from '../helpers/raw-ws.js';

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { user { id username } } }';

it('on SIGTERM finishes in-flight mutations, loses none it acknowledged, closes websockets with 1001 and exits 0', async () => {
  const databaseUrl = await createTestDatabase();
  const chorus = await spawnChorus({ DATABASE_URL: databaseUrl });
  const socket = await rawSocket(chorus.wsUrl);
  await socket.init();

  const acknowledged: string[] = [];
  let refusedAfterSignal = 0;
  let signalled = false;
  let sent = 0;
  const register = async (username: string) => {
    const response = await fetch(chorus.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: REGISTER, variables: { input: { username, email: `${username}@example.com`, password: 'correct horse battery', name: username } } }),
    });
    const body = (await response.json()) as { data?: { register: { user: { username: string } } } };
    if (!body.data?.register) throw new Error(JSON.stringify(body));
    return body.data.register.user.username;
  };
  // Four clients, each sending one registration after another until the server stops answering.
  const worker = async (w: number) => {
    for (let i = 0; i < 100 && refusedAfterSignal < 4; i++) {
      const username = `stream_${w}_${i}`;
      sent++;
      try {
        acknowledged.push(await register(username));
        if (acknowledged.length === 8 && !signalled) {
          signalled = true;
          chorus.process.kill('SIGTERM');
        }
      } catch {
        if (!signalled) throw new Error(`request failed before shutdown:\n${chorus.output()}`);
        refusedAfterSignal++;
        return;
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  const exitCode = await chorus.stop();
  const closed = await socket.closed;

  expect(signalled).toBe(true);
  expect(exitCode).toBe(0);
  expect(closed.code).toBe(1001);
  expect(refusedAfterSignal).toBeGreaterThan(0);
  expect(sent).toBeGreaterThan(acknowledged.length);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ username: string }>('select username from users');
    const stored = new Set(rows.map((row) => row.username));
    expect(acknowledged.filter((username) => !stored.has(username))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(8);
  } finally {
    await client.end();
  }
  expect(chorus.output()).not.toMatch(/shutdown step failed|took too long/);
});
