import type { ApolloCache } from '@apollo/client';
import type { TaskFieldsFragment } from '../../../gql/graphql';
import { newestFirst, placeInConnections } from '../../../lib/connection-cache';

interface StoredFilter {
  done?: boolean | null;
  search?: string | null;
}

/** The server's filter, applied to one task: `done` must match, `search` is in the title or notes, any case. */
export function taskMatches(task: Pick<TaskFieldsFragment, 'title' | 'notes' | 'done'>, filter: StoredFilter | null | undefined): boolean {
  if (filter?.done !== undefined && filter.done !== null && task.done !== filter.done) return false;
  const search = filter?.search?.trim().toLowerCase();
  if (search && !task.title.toLowerCase().includes(search) && !task.notes.toLowerCase().includes(search)) return false;
  return true;
}

/**
 * Puts a created or changed task (already in the cache) where it belongs in every cached task list:
 * by position, in the lists whose filter it matches, and nowhere else.
 */
export function placeTask(cache: ApolloCache, task: TaskFieldsFragment): void {
  placeInConnections(cache, {
    fieldName: 'tasks',
    typename: 'Task',
    edgeTypename: 'TaskEdge',
    id: task.id,
    belongsIn: (args) => taskMatches(task, args.filter as StoredFilter | undefined),
    // The server's order: position, then newest first.
    compare: (a, b, readField) => {
      const byPosition = (readField<number>('position', a) ?? 0) - (readField<number>('position', b) ?? 0);
      return byPosition !== 0 ? byPosition : newestFirst(a, b, readField);
    },
  });
}
