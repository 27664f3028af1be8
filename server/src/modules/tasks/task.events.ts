import type { EntityManager } from '@mikro-orm/postgresql';
import { audience, type ChangeKind, type NewDomainEvent, recordEvent } from '../../events/event-writer.js';
import type { Task } from './task.entity.js';

export const TASK_AGGREGATE = 'Task';

export type TaskEventType = 'TaskCreated' | 'TaskUpdated' | 'TaskCompleted' | 'TaskMoved' | 'TaskDeleted';

const KIND: Record<TaskEventType, ChangeKind> = {
  TaskCreated: 'CREATED',
  TaskUpdated: 'UPDATED',
  TaskCompleted: 'UPDATED',
  TaskMoved: 'UPDATED',
  TaskDeleted: 'DELETED',
};

/** What a task event reads: the entity, or a row read back from a statement that changed many. */
export type TaskFacts = Pick<Task, 'id' | 'ownerId' | 'title' | 'notes' | 'done' | 'dueAt' | 'position' | 'createdAt' | 'updatedAt' | 'version'>;

/** Everything a subscriber needs to render the task (`owner` resolves from `ownerId`). */
export function taskSnapshot(task: TaskFacts) {
  return {
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
  };
}

/** The owner alone may receive task events. */
export function taskEvent(type: TaskEventType, task: TaskFacts, actorId: string | null): NewDomainEvent {
  const deleted = type === 'TaskDeleted';
  return {
    type,
    aggregateType: TASK_AGGREGATE,
    aggregateId: task.id,
    aggregateVersion: task.version,
    kind: KIND[type],
    actorId,
    ownerId: task.ownerId,
    audience: [audience.user(task.ownerId)],
    payload: deleted ? { id: task.id, ownerId: task.ownerId } : taskSnapshot(task),
  };
}

export function recordTaskEvent(tx: EntityManager, type: TaskEventType, task: Task, actorId: string | null) {
  return recordEvent(tx, taskEvent(type, task, actorId));
}
