import type { ChorusModule } from '../../context/chorus-module.js';
import { Task } from './task.entity.js';
import { taskAggregate } from './task.events.js';
import { TaskResolver } from './task.resolver.js';
import { seedTasks } from './task.seed.js';

/** Each user's own to-do list. */
export const tasksModule = {
  name: 'tasks',
  entities: [Task],
  aggregates: [taskAggregate],
  resolvers: [TaskResolver],
  liveFields: [{ field: 'taskEvents' }],
  seed: async (em, users) => ({ label: 'tasks', added: await seedTasks(em, users) }),
} satisfies ChorusModule;
