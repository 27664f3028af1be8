import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describe, expect } from 'vitest';
import { seedTasks } from '../../server/src/modules/tasks/task.seed.js';
import { registerUser, type TestUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { planOf, statementRecorder } from '../helpers/sql-statements.js';

const TASK_FIELDS = 'id title notes done dueAt position createdAt updatedAt version owner { id username }';
const CREATE = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
const DELETE = `mutation ($id: ID!, $input: DeleteTaskInput) { deleteTask(id: $id, input: $input) }`;
const MOVE = `mutation ($id: ID!, $input: MoveTaskInput!) { moveTask(id: $id, input: $input) { id position version } }`;
const TASK = `query ($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
const TASKS = `query ($first: Int, $after: String, $filter: TaskFilter) {
  tasks(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id title done position } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const recorder = statementRecorder();

const it = chorusTest({ start: { onQuery: recorder.onQuery } })
  .extend('createTask', { scope: 'file' }, ({ server }) => async function createTask(user: TestUser, input: Record<string, unknown>) {
    const result = await server.graphql(CREATE, { input }, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.createTask;
  })
  /** The stored row, to check that a refused operation changed nothing. */
  .extend('storedTask', { scope: 'file' }, ({ server }) => async function storedTask(id: string) {
    const [row] = await server.sql('select title, notes, done, due_at, position, version from task where id = $1', [id]);
    return row;
  })
  .extend('taskCount', { scope: 'file' }, ({ server }) => async function taskCount(user: TestUser): Promise<number> {
    const [row] = await server.sql<{ count: string }>('select count(*) from task where owner_id = $1', [user.id]);
    return Number(row!.count);
  })
  .extend('eventsOf', { scope: 'file' }, ({ server }) => async function eventsOf(taskId: string) {
    return server.sql(
      `select type, kind, aggregate_version, actor_id, owner_id, audience, payload from domain_event
       where aggregate_type = 'Task' and aggregate_id = $1 order by id`,
      [taskId],
    );
  })
  /** The viewer's list, all pages, as titles. */
  .extend('titles', { scope: 'file' }, ({ server }) => async function titles(user: TestUser, filter?: Record<string, unknown>): Promise<string[]> {
    const result = await server.graphql(TASKS, { first: 100, filter }, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.tasks.edges.map((edge: any) => edge.node.title);
  })
  .extend('list', { scope: 'file' }, ({ titles }) => async function list(user: TestUser): Promise<string[]> {
    return titles(user);
  })
  .extend('move', { scope: 'file' }, ({ server }) => async function move(user: TestUser, id: string, beforeId: string | null, expectedVersion?: number) {
    const result = await server.graphql(MOVE, { id, input: { beforeId, expectedVersion } }, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.moveTask;
  });

describe('createTask', () => {
  it('trims the title, fills defaults, records TaskCreated for the owner only', async ({ createTask, alice, eventsOf }) => {
    const task = await createTask(alice, { title: '  Buy milk  ' });
    expect(task).toMatchObject({ title: 'Buy milk', notes: '', done: false, dueAt: null, version: 1, owner: { id: alice.id } });
    expect(typeof task.position).toBe('number');
    const events = await eventsOf(task.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'TaskCreated', kind: 'CREATED', aggregate_version: 1, actor_id: alice.id, owner_id: alice.id });
    expect(events[0].audience).toEqual([`user:${alice.id}`]);
    expect(events[0].payload).toMatchObject({ id: task.id, ownerId: alice.id, title: 'Buy milk', version: 1 });
  });

  it('stores notes and a due date', async ({ createTask, alice, storedTask }) => {
    const dueAt = '2030-05-01T10:00:00.000Z';
    const task = await createTask(alice, { title: 'Dentist', notes: 'Bring the card', dueAt: '2030-05-01T12:00:00+02:00' });
    expect(task).toMatchObject({ notes: 'Bring the card', dueAt });
    expect((await storedTask(task.id)).due_at.toISOString()).toBe(dueAt);
  });

  it('counts characters, not UTF-16 units: 200 emoji are a valid title', async ({ createTask, alice }) => {
    const task = await createTask(alice, { title: '🎉'.repeat(200) });
    expect([...task.title]).toHaveLength(200);
  });

  it.for([
    ['title', { title: '' }],
    ['title', { title: '   \n\t ' }],
    ['title', { title: 'x'.repeat(201) }],
    ['title', { title: '🎉'.repeat(201) }],
    ['title', { title: 'nul \u0000 inside' }],
    ['notes', { title: 'ok', notes: 'n'.repeat(5001) }],
  ] as const)('rejects a bad %s with BAD_USER_INPUT and stores nothing', async ([field, input], { taskCount, alice, server }) => {
    const before = await taskCount(alice);
    const result = await server.graphql(CREATE, { input }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty(field);
    expect(await taskCount(alice)).toBe(before);
  });

  it('accepts notes of exactly 5000 characters', async ({ createTask, alice }) => {
    const task = await createTask(alice, { title: 'long notes', notes: 'n'.repeat(5000) });
    expect(task.notes).toHaveLength(5000);
  });

  it.for(['tomorrow', '2030-13-01T00:00:00Z', '2030-02-30T10:00:00Z', ''])('rejects dueAt %j and stores nothing', async (dueAt, { taskCount, alice, server }) => {
    const before = await taskCount(alice);
    const result = await server.graphql(CREATE, { input: { title: 'bad date', dueAt } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await taskCount(alice)).toBe(before);
  });

  it('requires a signed-in user', async ({ server }) => {
    const result = await server.graphql(CREATE, { input: { title: 'anonymous' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const list = await server.graphql(TASKS, {});
    expect(list.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('tasks query', () => {
  it("lists only the viewer's tasks, newest on top, paged with stable cursors", async ({ server, createTask, bob }) => {
    const user = await registerUser(server);
    const created = [];
    for (let i = 1; i <= 7; i++) created.push(await createTask(user, { title: `task ${i}` }));
    await createTask(bob, { title: 'bob private task' });

    const pages: string[] = [];
    let after: string | null = null;
    let requests = 0;
    do {
      const result: any = await server.graphql(TASKS, { first: 3, after }, user.accessToken);
      expect(result.errors).toBeUndefined();
      expect(result.data.tasks.totalCount).toBe(7);
      pages.push(...result.data.tasks.edges.map((edge: any) => edge.node.title));
      after = result.data.tasks.pageInfo.hasNextPage ? result.data.tasks.pageInfo.endCursor : null;
      requests++;
    } while (after);
    expect(requests).toBe(3);
    expect(pages).toEqual(['task 7', 'task 6', 'task 5', 'task 4', 'task 3', 'task 2', 'task 1']);
  });

  it('filters by done and by search over title and notes (case-insensitive, % is literal)', async ({ server, createTask, titles, bob }) => {
    const user = await registerUser(server);
    const milk = await createTask(user, { title: 'Buy MILK' });
    await createTask(user, { title: 'Call mum', notes: 'about the milkman' });
    await createTask(user, { title: '100% done' });
    await createTask(user, { title: 'Unrelated' });
    await server.graphql(UPDATE, { id: milk.id, input: { done: true } }, user.accessToken);

    expect(await titles(user, { search: 'milk' })).toEqual(['Call mum', 'Buy MILK']);
    expect(await titles(user, { search: '  milk ', done: false })).toEqual(['Call mum']);
    expect(await titles(user, { done: true })).toEqual(['Buy MILK']);
    expect(await titles(user, { search: '%' })).toEqual(['100% done']);
    expect(await titles(user, { search: 'nothing like this' })).toEqual([]);
    expect(await titles(bob, { search: 'milk' })).toEqual([]);
  });

  it('refuses a page larger than 100 and a malformed cursor', async ({ server, alice }) => {
    const big = await server.graphql(TASKS, { first: 101 }, alice.accessToken);
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await server.graphql(TASKS, { after: 'not-a-cursor' }, alice.accessToken);
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('tasks query cost', () => {
  const PAGE = `query ($first: Int, $filter: TaskFilter) {
    tasks(first: $first, filter: $filter) { edges { node { id title owner { id username name } } } pageInfo { hasNextPage } }
  }`;

  it('answers a page with owners in the same statements at 5 and 50 tasks', async ({ server, createTask }) => {
    const user = await registerUser(server);
    for (let i = 0; i < 55; i++) await createTask(user, { title: `bulk ${i}` });
    const small = await recorder.during(() => server.graphql(PAGE, { first: 5 }, user.accessToken));
    const large = await recorder.during(() => server.graphql(PAGE, { first: 50 }, user.accessToken));
    expect(small.result.data!.tasks.edges).toHaveLength(5);
    expect(large.result.data!.tasks.edges).toHaveLength(50);
    expect(large.result.data!.tasks.edges.every((edge: any) => edge.node.owner.id === user.id)).toBe(true);
    expect(large.statements.length, large.statements.join('\n')).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(3);
  });

  it('searches through indexes (trigram or the owner index), never a full-table scan', async ({ server, alice }) => {
    const { statements } = await recorder.during(() => server.graphql(PAGE, { filter: { search: 'milk' } }, alice.accessToken));
    const search = statements.find((sql) => /from "task"/.test(sql) && /ilike/i.test(sql));
    const plan = await planOf(server.databaseUrl, search!);
    expect(plan).not.toContain('Seq Scan');
    expect(plan).toMatch(/task_title_trgm|task_notes_trgm|task_owner_order_idx/);
    const indexes = await server.sql(`select indexname, indexdef from pg_indexes where tablename = 'task' and indexdef like '%gin_trgm_ops%'`);
    expect(indexes.map((row) => row.indexname).sort()).toEqual(['task_notes_trgm', 'task_title_trgm']);
  });

  it('pages with the owner-order index', async ({ server, alice }) => {
    const list = await recorder.during(() => server.graphql(PAGE, {}, alice.accessToken));
    const page = list.statements.find((sql) => /from "task"/.test(sql));
    expect(await planOf(server.databaseUrl, page!)).toContain('task_owner_order_idx');
  });
});

describe("another user's task is NOT_FOUND everywhere", () => {
  it('for task, updateTask, deleteTask and moveTask, and nothing changes', async ({ createTask, alice, bob, storedTask, server, eventsOf }) => {
    const secret = await createTask(alice, { title: 'alice secret', notes: 'hidden' });
    const own = await createTask(bob, { title: 'bob own' });
    const before = await storedTask(secret.id);
    const attempts = [
      server.graphql(TASK, { id: secret.id }, bob.accessToken),
      server.graphql(UPDATE, { id: secret.id, input: { title: 'pwned', done: true } }, bob.accessToken),
      server.graphql(DELETE, { id: secret.id }, bob.accessToken),
      server.graphql(MOVE, { id: secret.id, input: { beforeId: null } }, bob.accessToken),
      server.graphql(MOVE, { id: own.id, input: { beforeId: secret.id } }, bob.accessToken),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(result)).not.toContain('alice secret');
    }
    expect(await storedTask(secret.id)).toEqual(before);
    expect((await eventsOf(secret.id)).map((event) => event.type)).toEqual(['TaskCreated']);
  });

  it('gives the same answer for an id that does not exist or is not an id', async ({ server, alice }) => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'nonsense']) {
      const result = await server.graphql(TASK, { id }, alice.accessToken);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const update = await server.graphql(UPDATE, { id, input: { title: 'x' } }, alice.accessToken);
      expect(update.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('returns the own task with its owner', async ({ createTask, alice, server }) => {
    const task = await createTask(alice, { title: 'mine' });
    const result = await server.graphql(TASK, { id: task.id }, alice.accessToken);
    expect(result.data!.task).toMatchObject({ id: task.id, title: 'mine', owner: { id: alice.id, username: alice.username } });
  });
});

describe('updateTask', () => {
  it('changes the given fields, bumps version and updatedAt, and records TaskUpdated', async ({ createTask, alice, server, eventsOf }) => {
    const task = await createTask(alice, { title: 'draft', notes: 'n1', dueAt: '2030-01-01T00:00:00Z' });
    const result = await server.graphql(UPDATE, { id: task.id, input: { title: ' final ', notes: 'n2', expectedVersion: 1 } }, alice.accessToken);
    expect(result.errors).toBeUndefined();
    const updated = result.data!.updateTask;
    expect(updated).toMatchObject({ title: 'final', notes: 'n2', done: false, dueAt: '2030-01-01T00:00:00.000Z', version: 2 });
    expect(new Date(updated.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(task.updatedAt).getTime());
    const events = await eventsOf(task.id);
    expect(events.at(-1)).toMatchObject({ type: 'TaskUpdated', kind: 'UPDATED', aggregate_version: 2 });
    expect(events.at(-1)!.payload).toMatchObject({ title: 'final', notes: 'n2', version: 2 });
  });

  it('records TaskCompleted when a task is done, TaskUpdated when reopened; null dueAt clears it', async ({ createTask, alice, server, eventsOf }) => {
    const task = await createTask(alice, { title: 'finish me', dueAt: '2030-01-01T00:00:00Z' });
    const done = await server.graphql(UPDATE, { id: task.id, input: { done: true } }, alice.accessToken);
    expect(done.data!.updateTask).toMatchObject({ done: true, version: 2 });
    const reopened = await server.graphql(UPDATE, { id: task.id, input: { done: false, dueAt: null } }, alice.accessToken);
    expect(reopened.data!.updateTask).toMatchObject({ done: false, dueAt: null, version: 3 });
    expect((await eventsOf(task.id)).map((event) => event.type)).toEqual(['TaskCreated', 'TaskCompleted', 'TaskUpdated']);
  });

  it('changes nothing and records nothing when the values are the same', async ({ createTask, alice, server, eventsOf }) => {
    const task = await createTask(alice, { title: 'same', dueAt: '2030-01-01T00:00:00Z' });
    const result = await server.graphql(UPDATE, { id: task.id, input: { title: ' same ', done: false, dueAt: '2030-01-01T00:00:00Z' } }, alice.accessToken);
    expect(result.data!.updateTask.version).toBe(1);
    expect(await eventsOf(task.id)).toHaveLength(1);
  });

  it('refuses a stale expectedVersion with CONFLICT and changes nothing', async ({ createTask, alice, server, storedTask, eventsOf }) => {
    const task = await createTask(alice, { title: 'v1' });
    await server.graphql(UPDATE, { id: task.id, input: { title: 'v2' } }, alice.accessToken);
    const before = await storedTask(task.id);
    const stale = await server.graphql(UPDATE, { id: task.id, input: { title: 'lost update', expectedVersion: 1 } }, alice.accessToken);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await storedTask(task.id)).toEqual(before);
    expect(await eventsOf(task.id)).toHaveLength(2);
  });

  it('lets only one of two concurrent updates from the same version win', async ({ createTask, alice, server, storedTask, eventsOf }) => {
    const task = await createTask(alice, { title: 'race' });
    const results = await Promise.all(
      ['first', 'second'].map((title) => server.graphql(UPDATE, { id: task.id, input: { title, expectedVersion: 1 } }, alice.accessToken)),
    );
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    expect((await storedTask(task.id)).version).toBe(2);
    expect(await eventsOf(task.id)).toHaveLength(2);
  });

  it.for([
    ['title', { title: '  ' }],
    ['title', { title: 't'.repeat(201) }],
    ['notes', { notes: 'n'.repeat(5001) }],
  ] as const)('rejects a bad %s and changes nothing', async ([field, input], { createTask, alice, storedTask, server }) => {
    const task = await createTask(alice, { title: 'keep me', notes: 'keep' });
    const before = await storedTask(task.id);
    const result = await server.graphql(UPDATE, { id: task.id, input }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty(field);
    expect(await storedTask(task.id)).toEqual(before);
  });

  it('rejects an invalid dueAt and changes nothing', async ({ createTask, alice, storedTask, server }) => {
    const task = await createTask(alice, { title: 'keep my date', dueAt: '2030-01-01T00:00:00Z' });
    const before = await storedTask(task.id);
    const result = await server.graphql(UPDATE, { id: task.id, input: { dueAt: 'next week' } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await storedTask(task.id)).toEqual(before);
  });
});

describe('deleteTask', () => {
  it('refuses a stale version, then deletes and records TaskDeleted with the next version', async ({ createTask, alice, server, storedTask, eventsOf }) => {
    const task = await createTask(alice, { title: 'to delete' });
    await server.graphql(UPDATE, { id: task.id, input: { done: true } }, alice.accessToken);
    const stale = await server.graphql(DELETE, { id: task.id, input: { expectedVersion: 1 } }, alice.accessToken);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await storedTask(task.id)).toBeDefined();

    const ok = await server.graphql(DELETE, { id: task.id, input: { expectedVersion: 2 } }, alice.accessToken);
    expect(ok.data!.deleteTask).toBe(true);
    expect(await storedTask(task.id)).toBeUndefined();
    const events = await eventsOf(task.id);
    expect(events.at(-1)).toMatchObject({ type: 'TaskDeleted', kind: 'DELETED', aggregate_version: 3, owner_id: alice.id });
    expect(events.at(-1)!.audience).toEqual([`user:${alice.id}`]);

    const again = await server.graphql(DELETE, { id: task.id }, alice.accessToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('works without an input', async ({ createTask, alice, server, storedTask }) => {
    const task = await createTask(alice, { title: 'quick delete' });
    const result = await server.graphql(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id: task.id }, alice.accessToken);
    expect(result.data!.deleteTask).toBe(true);
    expect(await storedTask(task.id)).toBeUndefined();
  });
});

describe('moveTask', () => {
  it('places a task before another or at the end, and records TaskMoved', async ({ server, createTask, list, move, eventsOf }) => {
    const user = await registerUser(server);
    const a = await createTask(user, { title: 'A' });
    const b = await createTask(user, { title: 'B' });
    const c = await createTask(user, { title: 'C' });
    expect(await list(user)).toEqual(['C', 'B', 'A']);

    const moved = await move(user, c.id, null, 1);
    expect(moved.version).toBe(2);
    expect(await list(user)).toEqual(['B', 'A', 'C']);
    await move(user, a.id, b.id);
    expect(await list(user)).toEqual(['A', 'B', 'C']);
    await move(user, c.id, b.id);
    expect(await list(user)).toEqual(['A', 'C', 'B']);
    expect((await eventsOf(c.id)).map((event) => event.type)).toEqual(['TaskCreated', 'TaskMoved', 'TaskMoved']);
    expect((await eventsOf(c.id)).at(-1)!.payload).toMatchObject({ position: expect.any(Number), version: 3 });
  });

  it('changes nothing when the task already stands there', async ({ server, createTask, move, eventsOf }) => {
    const user = await registerUser(server);
    const a = await createTask(user, { title: 'A' });
    const b = await createTask(user, { title: 'B' });
    expect((await move(user, a.id, null)).version).toBe(1);
    expect((await move(user, b.id, a.id)).version).toBe(1);
    expect(await eventsOf(a.id)).toHaveLength(1);
    expect(await eventsOf(b.id)).toHaveLength(1);
  });

  it('refuses a stale version, itself as beforeId, and an unknown beforeId, changing nothing', async ({ server, createTask, storedTask, list }) => {
    const user = await registerUser(server);
    const a = await createTask(user, { title: 'A' });
    const b = await createTask(user, { title: 'B' });
    await server.graphql(UPDATE, { id: a.id, input: { notes: 'v2' } }, user.accessToken);
    const before = [await storedTask(a.id), await storedTask(b.id)];

    const stale = await server.graphql(MOVE, { id: a.id, input: { beforeId: b.id, expectedVersion: 1 } }, user.accessToken);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const self = await server.graphql(MOVE, { id: a.id, input: { beforeId: a.id } }, user.accessToken);
    expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(self.errors?.[0]?.extensions?.fields).toHaveProperty('beforeId');
    const unknown = await server.graphql(MOVE, { id: a.id, input: { beforeId: '00000000-0000-0000-0000-000000000000' } }, user.accessToken);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    expect([await storedTask(a.id), await storedTask(b.id)]).toEqual(before);
    expect(await list(user)).toEqual(['B', 'A']);
  });

  it('keeps the order right when the same gap is split until floating point runs out', async ({ server, createTask, list, move }) => {
    const user = await registerUser(server);
    const tasks: Record<string, string> = {};
    for (const title of ['E', 'D', 'C', 'B', 'A']) tasks[title] = (await createTask(user, { title })).id;
    const model = ['A', 'B', 'C', 'D', 'E'];
    expect(await list(user)).toEqual(model);
    // Alternately move B and C just before D (which is not at 0, where doubles are densest): each
    // move halves the gap before D, so after about 50 moves the list must be renumbered.
    for (let i = 0; i < 70; i++) {
      const title = i % 2 === 0 ? 'B' : 'C';
      await move(user, tasks[title]!, tasks.D!);
      model.splice(model.indexOf(title), 1);
      model.splice(model.indexOf('D'), 0, title);
    }
    expect(await list(user)).toEqual(model);
    const positions = await server.sql<{ position: number }>('select position from task where owner_id = $1', [user.id]);
    expect(new Set(positions.map((row) => row.position)).size).toBe(5);
    // Renumbering moved the other tasks too, each with its own event and version.
    const moves = await server.sql(`select count(*)::int as n from domain_event where owner_id = $1 and type = 'TaskMoved'`, [user.id]);
    expect(moves[0].n).toBeGreaterThan(70);
    const versions = await server.sql(
      `select t.id, t.version, max(e.aggregate_version) as last from task t join domain_event e on e.aggregate_id = t.id::text
       where t.owner_id = $1 group by t.id, t.version`,
      [user.id],
    );
    for (const row of versions) expect(row.version).toBe(row.last);
  });

  it('gives concurrently created tasks distinct positions', async ({ server }) => {
    const user = await registerUser(server);
    await Promise.all(Array.from({ length: 8 }, (_, i) => server.graphql(CREATE, { input: { title: `c${i}` } }, user.accessToken)));
    const positions = await server.sql<{ position: number }>('select position from task where owner_id = $1', [user.id]);
    expect(positions).toHaveLength(8);
    expect(new Set(positions.map((row) => row.position)).size).toBe(8);
  });
});

describe('seedTasks', () => {
  it('adds demo tasks with their events once, however often it runs', async ({ server, taskCount, titles }) => {
    const users = [await registerUser(server), await registerUser(server)];
    const em = server.chorus.app.orm.em.fork() as EntityManager;
    const first = await seedTasks(em, users);
    expect(first).toBeGreaterThan(0);
    const counts = await Promise.all(users.map(taskCount));
    expect(await seedTasks(server.chorus.app.orm.em.fork() as EntityManager, users)).toBe(0);
    expect(await Promise.all(users.map(taskCount))).toEqual(counts);
    const [events] = await server.sql(`select count(*)::int as n from domain_event where owner_id = $1 and type = 'TaskCreated'`, [users[0]!.id]);
    expect(events.n).toBe(counts[0]);
    expect((await titles(users[0]!)).length).toBe(counts[0]);
  });
});
