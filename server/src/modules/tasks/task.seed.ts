import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../users/user.entity.js';
import { Task } from './task.entity.js';
import { addTask, type NewTask } from './task.service.js';

const DAY_MS = 86_400_000;

/** Demo to-dos, last on top; `dueInDays` is relative to the day of seeding. */
const DEMO_TASKS: { title: string; notes?: string; dueInDays?: number }[] = [
  { title: 'Read the Chorus API contract', notes: 'shared/API.md: tasks, tweets, prompts and the event stream.' },
  { title: 'Subscribe to taskEvents in the playground', notes: 'Keep the cursor of the last event and resume with `after`.' },
  { title: 'Post a first tweet', dueInDays: 1 },
  { title: 'Water the plants', notes: 'The fern likes it damp, the cactus does not.', dueInDays: 3 },
  { title: 'Plan the weekend', dueInDays: 5 },
];

/**
 * Adds the demo tasks each user does not have yet (matched by title), through the same writer as
 * `createTask`, so every task has its `TaskCreated` event. Safe to run again.
 */
export async function seedTasks(em: EntityManager, users: readonly Pick<User, 'id'>[]): Promise<number> {
  let created = 0;
  const now = Date.now();
  for (const user of users) {
    await em.transactional(async (tx) => {
      const existing = await tx.find(Task, { owner: user.id, title: { $in: DEMO_TASKS.map((demo) => demo.title) } }, { fields: ['title'] });
      const have = new Set(existing.map((task) => task.title));
      for (const demo of DEMO_TASKS) {
        if (have.has(demo.title)) continue;
        const fields: NewTask = {
          title: demo.title,
          notes: demo.notes ?? '',
          dueAt: demo.dueInDays === undefined ? null : new Date(now + demo.dueInDays * DAY_MS),
        };
        await addTask(tx as EntityManager, user.id, fields, user.id);
        created++;
      }
    });
  }
  return created;
}
