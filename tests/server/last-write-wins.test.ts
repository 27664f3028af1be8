import { describe, expect } from 'vitest';
import { registerUser, rootField } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

// API.md: CONFLICT only when `expectedVersion` is given and stale; without it the last write wins.
const CONCURRENT = 20;

const it = test
  .extend('lastEventVersion', { scope: 'file' }, ({ server }) => async function lastEventVersion(aggregateId: string): Promise<number> {
    const [row] = await server.sql(
      `select aggregate_version from domain_event where aggregate_id = $1 order by xact_id desc, id desc limit 1`,
      [aggregateId],
    );
    return Number(row.aggregate_version);
  });

function all(count: number, call: (i: number) => Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>) {
  return Promise.all(Array.from({ length: count }, (_, i) => call(i)));
}

const codes = (results: { errors?: { extensions?: Record<string, unknown> }[] }[]) =>
  results.flatMap((result) => result.errors?.map((error) => error.extensions?.code) ?? []);

describe('concurrent changes without expectedVersion', () => {
  it('updateTask: every call succeeds, the version counts every change and matches the last event', async ({ server, alice, lastEventVersion }) => {
    const task = await rootField(server, alice, `mutation { createTask(input: { title: "race" }) { id version } }`);
    const results = await all(CONCURRENT, (i) =>
      server.graphql(`mutation ($id: ID!, $t: String!) { updateTask(id: $id, input: { title: $t }) { version } }`, { id: task.id, t: `title ${i}` }, alice.accessToken),
    );
    expect(codes(results)).toEqual([]);
    const [row] = await server.sql('select version from task where id = $1', [task.id]);
    expect(row.version).toBe(1 + CONCURRENT);
    expect(await lastEventVersion(task.id)).toBe(1 + CONCURRENT);
  });

  it('deleteTask racing updates: the delete succeeds and is the last event, with the final version', async ({ server, alice }) => {
    const task = await rootField(server, alice, `mutation { createTask(input: { title: "doomed" }) { id } }`);
    const results = await all(CONCURRENT, (i) =>
      i === CONCURRENT / 2
        ? server.graphql(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id: task.id }, alice.accessToken)
        : server.graphql(`mutation ($id: ID!) { updateTask(id: $id, input: { done: ${i % 2 === 0} }) { version } }`, { id: task.id }, alice.accessToken),
    );
    // Updates that ran after the delete find nothing; none of them is a CONFLICT.
    expect(codes(results).filter((code) => code !== 'NOT_FOUND')).toEqual([]);
    expect((results[CONCURRENT / 2] as { data?: { deleteTask: boolean } }).data?.deleteTask).toBe(true);
    const [last] = await server.sql(`select type from domain_event where aggregate_id = $1 order by xact_id desc, id desc limit 1`, [task.id]);
    expect(last.type).toBe('TaskDeleted');
  });

  it('updatePrompt and updateProfile: every call succeeds', async ({ server, alice, lastEventVersion }) => {
    const prompt = await rootField(server, alice, `mutation { createPrompt(input: { title: "race", content: "a race" }) { id } }`);
    const prompts = await all(CONCURRENT, (i) =>
      server.graphql(`mutation ($id: ID!, $t: String!) { updatePrompt(id: $id, input: { title: $t }) { version } }`, { id: prompt.id, t: `p ${i}` }, alice.accessToken),
    );
    expect(codes(prompts)).toEqual([]);
    expect(await lastEventVersion(prompt.id)).toBe(1 + CONCURRENT);

    const profiles = await all(CONCURRENT, (i) =>
      server.graphql(`mutation ($b: String!) { updateProfile(input: { bio: $b }) { version } }`, { b: `bio ${i}` }, alice.accessToken),
    );
    expect(codes(profiles)).toEqual([]);
    const [user] = await server.sql('select version from users where id = $1', [alice.id]);
    expect(await lastEventVersion(alice.id)).toBe(user.version);
  });

  it('setUserRole: concurrent flips all succeed', async ({ server, admin, lastEventVersion }) => {
    const target = await registerUser(server);
    const results = await all(10, (i) =>
      server.graphql(`mutation ($id: ID!, $r: Role!) { setUserRole(id: $id, input: { role: $r }) { version } }`, { id: target.id, r: i % 2 ? 'ADMIN' : 'USER' }, admin.accessToken),
    );
    expect(codes(results)).toEqual([]);
    const [user] = await server.sql('select version from users where id = $1', [target.id]);
    expect(await lastEventVersion(target.id)).toBe(user.version);
  });
});

describe('with a stale expectedVersion', () => {
  it('is still CONFLICT and changes nothing', async ({ server, alice }) => {
    const task = await rootField(server, alice, `mutation { createTask(input: { title: "v1" }) { id version } }`);
    await rootField(server, alice, `mutation ($id: ID!) { updateTask(id: $id, input: { title: "v2" }) { version } }`, { id: task.id });
    const stale = await server.graphql(
      `mutation ($id: ID!) { updateTask(id: $id, input: { title: "v3", expectedVersion: 1 }) { version } }`,
      { id: task.id },
      alice.accessToken,
    );
    expect(codes([stale])).toEqual(['CONFLICT']);
    const deleted = await server.graphql(`mutation ($id: ID!) { deleteTask(id: $id, input: { expectedVersion: 1 }) }`, { id: task.id }, alice.accessToken);
    expect(codes([deleted])).toEqual(['CONFLICT']);
    const [row] = await server.sql('select title, version from task where id = $1', [task.id]);
    expect(row).toEqual({ title: 'v2', version: 2 });
  });
});
