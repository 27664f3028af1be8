import 'reflect-metadata';
import { describe, expect } from 'vitest';
import { CreateTaskDocument, DeleteTaskDocument, MoveTaskDocument, UpdateTaskDocument } from '../../sdk/src/generated/graphql.js';
import { collect, cursorsAscending, eventLog, makeAdmin, registerUser, sleep, type TestUser, untilLive } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const TASK_EVENTS = `subscription ($after: String) {
  taskEvents(after: $after) {
    cursor kind type id version actorId
    task { id title notes done dueAt position version owner { id username } }
  }
}`;

const it = test
  .extend('createTask', { scope: 'file' }, ({ call }) => (user: TestUser, title: string) => call(user, CreateTaskDocument, { input: { title } }))
  /** Bob's whole life cycle of a task: created, completed, moved, deleted. */
  .extend('bobLivesHisLife', { scope: 'file' }, ({ call, bob, createTask }) => async (): Promise<string[]> => {
    const first = await createTask(bob, 'bob secret one');
    const second = await createTask(bob, 'bob secret two');
    await call(bob, UpdateTaskDocument, { id: first.id, input: { done: true, notes: 'bob notes' } });
    await call(bob, MoveTaskDocument, { id: second.id, input: { beforeId: null } });
    await call(bob, DeleteTaskDocument, { id: first.id });
    return [first.id, second.id];
  });

type Stream = ReturnType<typeof collect>;
const events = (stream: Stream): any[] => stream.received.map((result) => (result.data as any).taskEvents);

describe('taskEvents', () => {
  it("delivers the viewer's own task events, ready to render, and never another user's", async ({ server, call, alice, bob, createTask, bobLivesHisLife }) => {
    const admin = await registerUser(server);
    await makeAdmin(server, admin);
    const aliceStream = collect(server.ws(alice.accessToken), TASK_EVENTS);
    const adminStream = collect(server.ws(admin.accessToken), TASK_EVENTS);
    await untilLive(aliceStream, (attempt) => createTask(alice, `alice warm-up ${attempt}`));
    await untilLive(adminStream, (attempt) => createTask(admin, `admin warm-up ${attempt}`));

    const bobIds = await bobLivesHisLife();
    const a = await createTask(alice, 'alice one');
    const b = await createTask(alice, 'alice two');
    await call(alice, UpdateTaskDocument, { id: a.id, input: { done: true } });
    await call(alice, MoveTaskDocument, { id: b.id, input: { beforeId: null } });
    await call(alice, DeleteTaskDocument, { id: a.id });
    const adminMarker = await createTask(admin, 'admin marker');

    await aliceStream.waitFor(() => events(aliceStream).some((event) => event.type === 'TaskDeleted' && event.id === a.id));
    await adminStream.waitFor(() => events(adminStream).some((event) => event.id === adminMarker.id));
    await sleep(200);

    const seen = events(aliceStream).filter((event) => event.id === a.id || event.id === b.id);
    expect(seen.map((event) => [event.type, event.kind, event.id, event.version])).toEqual([
      ['TaskCreated', 'CREATED', a.id, 1],
      ['TaskCreated', 'CREATED', b.id, 1],
      ['TaskCompleted', 'UPDATED', a.id, 2],
      ['TaskMoved', 'UPDATED', b.id, 2],
      ['TaskDeleted', 'DELETED', a.id, 3],
    ]);
    expect(seen[0].task).toMatchObject({ id: a.id, title: 'alice one', notes: '', done: false, dueAt: null, version: 1, owner: { id: alice.id, username: alice.username } });
    expect(seen[2].task).toMatchObject({ done: true, version: 2 });
    expect(seen[4].task).toBeNull();
    expect(seen.every((event) => event.actorId === alice.id)).toBe(true);
    expect(cursorsAscending(events(aliceStream).map((event) => event.cursor), await eventLog(server, alice, 'Task'))).toBe(true);

    for (const stream of [aliceStream, adminStream]) {
      const text = JSON.stringify(stream.received);
      expect(text).not.toContain('bob secret');
      for (const id of [...bobIds, bob.id]) expect(text).not.toContain(id);
    }
    expect(events(adminStream).every((event) => event.task === null || event.task.owner.id === admin.id)).toBe(true);
  });

  it('resumes from a cursor: changes made while away arrive once, in order, then live ones', async ({ server, call, alice, createTask, bobLivesHisLife }) => {
    const first = collect(server.ws(alice.accessToken), TASK_EVENTS);
    await untilLive(first, (attempt) => createTask(alice, `before leaving ${attempt}`));
    await sleep(100);
    const lastSeen = events(first).at(-1)!;
    first.unsubscribe();

    // Away: Alice changes things (from another device); Bob too.
    const away = await createTask(alice, 'while away');
    await call(alice, UpdateTaskDocument, { id: away.id, input: { title: 'while away, renamed' } });
    const other = await createTask(alice, 'also while away');
    await bobLivesHisLife();

    const resumed = collect(server.ws(alice.accessToken), TASK_EVENTS, { after: lastSeen.cursor });
    await resumed.waitFor(() => resumed.received.length >= 3);
    const live = await createTask(alice, 'after coming back');
    await resumed.waitFor(() => events(resumed).some((event) => event.id === live.id));
    await sleep(300);

    expect(resumed.received.every((result) => !result.errors)).toBe(true);
    // A warm-up that was still in flight when the first stream closed may come first; nothing else.
    const seen = events(resumed).filter((event) => !event.task?.title.startsWith('before leaving'));
    expect(seen.map((event) => [event.type, event.id, event.task?.title])).toEqual([
      ['TaskCreated', away.id, 'while away'],
      ['TaskUpdated', away.id, 'while away, renamed'],
      ['TaskCreated', other.id, 'also while away'],
      ['TaskCreated', live.id, 'after coming back'],
    ]);
    expect(cursorsAscending([lastSeen.cursor, ...events(resumed).map((event) => event.cursor)], await eventLog(server, alice, 'Task'))).toBe(true);
  });

  it('refuses an anonymous subscriber and a malformed cursor', async ({ server, alice }) => {
    const anonymous = collect(server.ws(null), TASK_EVENTS);
    await anonymous.waitFor(() => anonymous.received.length > 0 || anonymous.error !== undefined);
    expect((anonymous.received[0]?.errors ?? (anonymous.error as any[]))[0].extensions.code).toBe('UNAUTHENTICATED');

    const badCursor = collect(server.ws(alice.accessToken), TASK_EVENTS, { after: 'not-a-cursor' });
    await badCursor.waitFor(() => badCursor.received.length > 0 || badCursor.error !== undefined);
    expect((badCursor.received[0]?.errors ?? (badCursor.error as any[]))[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
