import 'reflect-metadata';
import { describe, expect } from 'vitest';
import { Role } from '../../server/src/auth/role.js';
import type { Viewer } from '../../server/src/auth/viewer.js';
import { createTask, findTask, listTasks, updateTask } from '../../server/src/modules/tasks/task.service.js';
import { deleteTweet, findTweet, postTweet } from '../../server/src/modules/tweets/tweet.service.js';
import { it } from '../helpers/fixtures.js';

/** Services are functions of an EntityManager and a viewer: no request, no GraphQL context. */
describe('services called directly', () => {
  const viewerOf = (id: string, role: Role = Role.USER): Viewer => ({ id, role, active: true, sessionId: 'direct-call' });

  it('creates, reads and changes a task with only an EntityManager and the viewer id', async ({ server, alice, bob }) => {
    const em = server.chorus.app.orm.em.fork();
    const task = await createTask(em, alice.id, { title: 'Called directly' });
    expect(task.ownerId).toBe(alice.id);
    const updated = await updateTask(server.chorus.app.orm.em.fork(), alice.id, task.id, { done: true });
    expect(updated.done).toBe(true);
    const page = await listTasks(server.chorus.app.orm.em.fork(), alice.id, { first: 10 });
    expect(page.edges.map((edge) => edge.node.id)).toContain(task.id);
    // Ownership is the service's own rule: someone else's task does not exist for them.
    await expect(findTask(server.chorus.app.orm.em.fork(), bob.id, task.id)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const [event] = await server.sql(`select type, actor_id from domain_event where aggregate_id = $1 order by id desc limit 1`, [task.id]);
    expect(event).toMatchObject({ type: 'TaskCompleted', actor_id: alice.id });
  });

  it('posts and deletes a tweet as a viewer, without loaders to prime', async ({ server, alice, bob }) => {
    const tweet = await postTweet(server.chorus.app.orm.em.fork(), viewerOf(alice.id), { body: 'no request here' });
    expect((await findTweet(server.chorus.app.orm.em.fork(), tweet.id)).body).toBe('no request here');
    await expect(deleteTweet(server.chorus.app.orm.em.fork(), viewerOf(bob.id), tweet.id)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await deleteTweet(server.chorus.app.orm.em.fork(), viewerOf(alice.id), tweet.id)).toBe(true);
    await expect(findTweet(server.chorus.app.orm.em.fork(), tweet.id)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
