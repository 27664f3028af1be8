import { describe, expect } from 'vitest';
import { collect, registerUser, rootField, sleep } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const it = test
  .extend('user', { scope: 'file' }, ({ server }) => registerUser(server));

it.beforeAll(async ({ server }) => {
  // A write that holds its transaction (and its transaction id) open for a while after changing the row.
  await server.sql(`create or replace function slow_write() returns trigger language plpgsql as $$
    begin if new.title = 'slow write' then perform pg_sleep(1.5); end if; return new; end $$`);
  await server.sql(`create trigger slow_write after update on task for each row execute function slow_write()`);
});

const UPDATE_TITLE = `mutation ($id: ID!, $title: String!) { updateTask(id: $id, input: { title: $title }) { version } }`;

describe('streamCursor: the subscribe barrier', () => {
  it('a subscription after the page’s streamCursor gets a change that committed after the read, even one whose transaction began before a later commit', async ({ server, user }) => {
    const slowTask = await rootField(server, user, `mutation { createTask(input: { title: "slow one" }) { id } }`);
    const fastTask = await rootField(server, user, `mutation { createTask(input: { title: "fast one" }) { id } }`);

    const slow = server.graphql(UPDATE_TITLE, { id: slowTask.id, title: 'slow write' }, user.accessToken);
    await sleep(300); // the slow write has changed its row and holds its transaction open
    await rootField(server, user, UPDATE_TITLE, { id: fastTask.id, title: 'fast write' });
    await sleep(100);

    const page = await rootField(server, user, `{ tasks(first: 50) { streamCursor edges { node { id title version } } } }`);
    const titles = page.edges.map((edge: any) => edge.node.title);
    expect(titles).toContain('fast write');
    expect(titles).not.toContain('slow write');
    expect((await slow).errors).toBeUndefined();

    const stream = collect(server.ws(user.accessToken), `subscription ($after: String) { taskEvents(after: $after) { id version task { title } } }`, {
      after: page.streamCursor,
    });
    await stream.waitFor(() => stream.received.some((r) => r.data?.taskEvents.task?.title === 'slow write'));
    expect(stream.received.every((r) => !r.errors)).toBe(true);
  });

  it('every list with a live stream returns one, and each is a valid `after:` for its stream', async ({ server, user }) => {
    const lists = [
      ['{ tasks { streamCursor } }', 'taskEvents', 'task { id }'],
      ['{ tweets { streamCursor } }', 'tweetEvents', 'tweet { id }'],
      ['{ users { streamCursor } }', 'userEvents', 'user { id }'],
      ['{ prompts { streamCursor } }', 'promptEvents', 'prompt { id }'],
      ['{ events { streamCursor } }', 'userEvents', 'user { id }'],
      [`{ me { tweets { streamCursor } } }`, 'tweetEvents', 'tweet { id }'],
    ] as const;
    for (const [query, field, selection] of lists) {
      const result = await server.graphql(query, {}, user.accessToken);
      expect(result.errors, query).toBeUndefined();
      const streamCursor = JSON.stringify(result.data).match(/"streamCursor":"([^"]+)"/)![1]!;
      const client = server.ws(user.accessToken);
      const stream = collect(client, `subscription ($after: String) { ${field}(after: $after) { cursor ${selection} } }`, { after: streamCursor });
      await sleep(200);
      expect(stream.error, query).toBeUndefined();
      expect(stream.received.filter((r) => r.errors), query).toEqual([]);
      await client.dispose();
    }
  });
});
