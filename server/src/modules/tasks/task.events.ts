import { defineAggregate } from '../../events/aggregate.js';
import { audience } from '../../events/event-writer.js';
import type { Task } from './task.entity.js';

/** What a task event reads: the entity, or a row read back from a statement that changed many. */
export type TaskFacts = Pick<Task, 'id' | 'ownerId' | 'title' | 'notes' | 'done' | 'dueAt' | 'position' | 'createdAt' | 'updatedAt' | 'version'>;

export const taskAggregate = defineAggregate({
  name: 'Task',
  events: { TaskCreated: 'CREATED', TaskUpdated: 'UPDATED', TaskCompleted: 'UPDATED', TaskMoved: 'UPDATED', TaskDeleted: 'DELETED' },
  /** The owner alone may receive task events. */
  audience: (task: TaskFacts) => [audience.user(task.ownerId)],
  ownerId: (task) => task.ownerId,
  /** Everything a subscriber needs to render the task (`owner` resolves from `ownerId`). */
  snapshot: (task) => ({
    id: task.id,
    ownerId: task.ownerId,
    title: task.title,
    notes: task.notes,
    done: task.done,
    dueAt: task.dueAt?.toISOString() ?? null,
    position: task.position,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    version: task.version,
  }),
  deletedPayload: (task) => ({ id: task.id, ownerId: task.ownerId }),
});
