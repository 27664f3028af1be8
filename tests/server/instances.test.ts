import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { collect, createTestDatabase, untilLive } from '../helpers/chorus.js';
import { type ChorusProcess, spawnChorus } from '../helpers/process.js';

const processes: ChorusProcess[] = [];
afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
});

async function graphql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

describe('several instances on one database', () => {
  it('a change made through process A reaches a subscriber on process B', async () => {
    const databaseUrl = await createTestDatabase();
    const [a, b] = await Promise.all([spawnChorus({ DATABASE_URL: databaseUrl }), spawnChorus({ DATABASE_URL: databaseUrl })]);
    processes.push(a, b);

    const registered = await graphql(
      a.graphqlUrl,
      `mutation { register(input: { username: "multi", email: "multi@example.com", password: "password123", name: "Multi" }) { accessToken user { id } } }`,
    );
    const token = registered.data.register.accessToken;
    const client = createClient({ url: b.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const stream = collect(client, `subscription { userEvents { id type user { bio } } }`);
    await untilLive(stream, (attempt) =>
      graphql(a.graphqlUrl, `mutation ($bio: String!) { updateProfile(input: { bio: $bio }) { id } }`, { bio: `via A ${attempt}` }, token),
    );
    const event = stream.received.at(-1)!.data!.userEvents;
    expect(event).toMatchObject({ id: registered.data.register.user.id, type: 'UserProfileUpdated' });
    expect(event.user.bio).toMatch(/^via A/);
    await client.dispose();

    expect(await a.stop('SIGTERM')).toBe(0);
    expect(await b.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
