import { type FilterQuery, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvents } from '../../events/event-writer.js';
import { clientMutationIdRule, createOnce } from '../../shared/client-mutations.js';
import { badInput, notFound, staleVersion } from '../../shared/errors.js';
import { paginate } from '../../shared/pagination/index.js';
import { withDates } from '../../shared/rows.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, isEntityId, likePattern } from '../../shared/validation.js';
import { Task } from './task.entity.js';
import { taskAggregate, type TaskFacts } from './task.events.js';
import type { CreateTaskInput, DeleteTaskInput, MoveTaskInput, TasksArgs, UpdateTaskInput } from './task.inputs.js';
import { taskRules } from './task.rules.js';

/** Gap between neighbours when a task goes to an end of the list or the list is renumbered. */
const POSITION_STEP = 1024;

export interface NewTask {
  title: string;
  notes: string;
  dueAt: Date | null;
}

export function listTasks(em: EntityManager, viewerId: string, args: TasksArgs) {
  const where: FilterQuery<Task> = { owner: viewerId };
  if (args.filter?.done != null) where.done = args.filter.done;
  const search = args.filter?.search?.trim();
  if (search) {
    // `task_title_trgm` / `task_notes_trgm` can serve it; within one owner's list the planner
    // usually prefers `task_owner_order_idx`. Never a full-table scan either way.
    const pattern = likePattern(search);
    where.$or = [{ title: { $ilike: pattern } }, { notes: { $ilike: pattern } }];
  }
  return paginate(em, Task, where, args, { position: 'asc', createdAt: 'desc', id: 'desc' });
}

/** The viewer's task; anyone else's is NOT_FOUND, exactly like one that does not exist. */
async function ownTask(em: EntityManager, ownerId: string, id: string, field?: string): Promise<Task> {
  const task = isEntityId(id) ? await em.findOne(Task, { id, owner: ownerId }) : null;
  if (!task) throw field ? notFound(`Task given as ${field}`) : notFound('Task');
  return task;
}

function checkVersion(task: Task, expectedVersion: number | null | undefined): void {
  if (expectedVersion != null && expectedVersion !== task.version) throw staleVersion('The task', task.version);
}

export function findTask(em: EntityManager, viewerId: string, id: string): Promise<Task> {
  return ownTask(em, viewerId, id);
}

/** One writer at a time per owner's list, so two new or moved tasks never take the same position. */
async function lockList(tx: EntityManager, ownerId: string): Promise<void> {
  await tx.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`task-list:${ownerId}`]);
}

async function scalar(tx: EntityManager, sql: string, params: unknown[]): Promise<number | null> {
  const [row] = await tx.execute<{ value: number | string | null }[]>(sql, params);
  return row?.value == null ? null : Number(row.value);
}

/** Adds a task on top of the owner's list and records `TaskCreated`; runs inside `tx`'s transaction. */
export async function addTask(tx: EntityManager, ownerId: string, fields: NewTask, actorId: string | null): Promise<Task> {
  await lockList(tx, ownerId);
  const top = await scalar(tx, `select min(position) as value from task where owner_id = ?`, [ownerId]);
  const task = tx.create(Task, { owner: ownerId, ...fields, position: top === null ? 0 : top - POSITION_STEP });
  await tx.flush();
  await taskAggregate.record(tx, 'TaskCreated', task, actorId);
  return task;
}

export async function createTask(em: EntityManager, viewerId: string, input: CreateTaskInput): Promise<Task> {
  const errors = new FieldErrors();
  const fields: NewTask = {
    title: taskRules.title(errors, input.title),
    notes: input.notes != null ? taskRules.notes(errors, input.notes) : '',
    dueAt: input.dueAt != null ? taskRules.dueAt(errors, input.dueAt) : null,
  };
  const clientMutationId = clientMutationIdRule(errors, input.clientMutationId);
  errors.throwIfAny();
  const { object } = await inTransaction(em, (tx) =>
    createOnce(
      tx,
      { userId: viewerId, clientMutationId, aggregateType: taskAggregate.name },
      () => addTask(tx, viewerId, fields, viewerId),
      (id) => tx.findOne(Task, { id, owner: viewerId }),
    ),
  );
  return object;
}

type TaskChanges = Partial<Pick<Task, 'title' | 'notes' | 'done' | 'dueAt'>>;

function differs(current: unknown, next: unknown): boolean {
  if (current instanceof Date || next instanceof Date) {
    return (current as Date | null)?.getTime() !== (next as Date | null)?.getTime();
  }
  return current !== next;
}

export async function updateTask(em: EntityManager, viewerId: string, id: string, input: UpdateTaskInput): Promise<Task> {
  const errors = new FieldErrors();
  const changes: TaskChanges = {};
  if (input.title != null) changes.title = taskRules.title(errors, input.title);
  if (input.notes != null) changes.notes = taskRules.notes(errors, input.notes);
  if (input.done != null) changes.done = input.done;
  if (input.dueAt !== undefined) changes.dueAt = input.dueAt === null ? null : taskRules.dueAt(errors, input.dueAt);
  errors.throwIfAny();
  return inTransaction(em, async (tx) => {
    const task = await ownTask(tx, viewerId, id);
    checkVersion(task, input.expectedVersion);
    const changed = (Object.keys(changes) as (keyof TaskChanges)[]).filter((key) => differs(task[key], changes[key]));
    // Nothing to change: no new version, no event.
    if (!changed.length) return task;
    const completes = changed.includes('done') && changes.done === true;
    tx.assign(task, changes);
    await tx.flush();
    await taskAggregate.record(tx, completes ? 'TaskCompleted' : 'TaskUpdated', task, viewerId);
    return task;
  }, { lastWriteWins: input.expectedVersion == null });
}

export async function deleteTask(em: EntityManager, viewerId: string, id: string, input: DeleteTaskInput | null | undefined): Promise<boolean> {
  await inTransaction(em, async (tx) => {
    const task = await ownTask(tx, viewerId, id);
    checkVersion(task, input?.expectedVersion);
    // Only the version we read may be deleted, so the event carries the right one: a concurrent
    // change is CONFLICT when the client named a version, and a fresh attempt otherwise.
    const deleted = await tx.nativeDelete(Task, { id: task.id, version: task.version });
    if (deleted === 0) {
      if (input?.expectedVersion != null) throw staleVersion('The task', task.version);
      throw OptimisticLockError.lockFailed(task);
    }
    await taskAggregate.record(tx, 'TaskDeleted', task, viewerId);
  }, { lastWriteWins: input?.expectedVersion == null });
  return true;
}

/** A task row as `TaskFacts`: bulk statements return plain rows, cheaper than thousands of entities. */
const TASK_FACTS = `id, owner_id as "ownerId", title, notes, done, due_at as "dueAt", position,
  created_at as "createdAt", updated_at as "updatedAt", version`;

/**
 * Deletes all of an owner's tasks, as their account goes, with a `TaskDeleted` for each: one
 * statement, and the versions deleted are the ones the events carry (each row is locked as it goes).
 */
export async function removeTasksOf(tx: EntityManager, ownerId: string, actorId: string | null): Promise<void> {
  const rows = await tx.execute<Record<string, unknown>[]>(`delete from task where owner_id = ? returning ${TASK_FACTS}`, [ownerId]);
  const tasks = withDates<TaskFacts>(rows, ['dueAt', 'createdAt', 'updatedAt']);
  await recordEvents(tx, tasks.map((task) => taskAggregate.event('TaskDeleted', task, actorId)));
}

/**
 * Where `task` goes to stand just before `before` (at the end when null): a position strictly
 * between its new neighbours, `'in place'` when it already stands there, or `'no room'` when
 * floating point cannot split the gap any more.
 */
async function targetPosition(tx: EntityManager, task: Task, before: Task | null): Promise<number | 'in place' | 'no room'> {
  const owner = task.ownerId;
  if (!before) {
    const last = await scalar(tx, `select max(position) as value from task where owner_id = ? and id <> ?`, [owner, task.id]);
    if (last === null || task.position > last) return 'in place';
    return last + POSITION_STEP;
  }
  const previous = await scalar(tx, `select max(position) as value from task where owner_id = ? and id <> ? and position < ?`, [
    owner,
    task.id,
    before.position,
  ]);
  if (task.position < before.position && (previous === null || task.position > previous)) return 'in place';
  if (previous === null) return before.position - POSITION_STEP;
  const middle = (previous + before.position) / 2;
  return middle > previous && middle < before.position ? middle : 'no room';
}

/** Spreads the owner's tasks evenly again, keeping their order; each task that moves records `TaskMoved`. */
async function renumber(tx: EntityManager, ownerId: string, actorId: string): Promise<void> {
  const tasks = await tx.find(Task, { owner: ownerId }, { orderBy: { position: 'asc', createdAt: 'desc', id: 'desc' } });
  const moved = tasks.filter((task, index) => {
    const position = (index + 1) * POSITION_STEP;
    if (task.position === position) return false;
    task.position = position;
    return true;
  });
  await tx.flush();
  for (const task of moved) await taskAggregate.record(tx, 'TaskMoved', task, actorId);
}

export async function moveTask(em: EntityManager, viewerId: string, id: string, input: MoveTaskInput): Promise<Task> {
  if (input.beforeId != null && input.beforeId === id) throw badInput({ beforeId: 'must be another task' });
  return inTransaction(em, async (tx) => {
    await lockList(tx, viewerId);
    const task = await ownTask(tx, viewerId, id);
    checkVersion(task, input.expectedVersion);
    const before = input.beforeId != null ? await ownTask(tx, viewerId, input.beforeId, 'beforeId') : null;
    let position = await targetPosition(tx, task, before);
    if (position === 'in place') return task;
    if (position === 'no room') {
      await renumber(tx, viewerId, viewerId);
      position = await targetPosition(tx, task, before);
      if (typeof position !== 'number') return task;
    }
    task.position = position;
    await tx.flush();
    await taskAggregate.record(tx, 'TaskMoved', task, viewerId);
    return task;
  }, { lastWriteWins: input.expectedVersion == null });
}
