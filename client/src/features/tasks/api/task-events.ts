import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { TaskEventsSubscription } from '../../../gql/graphql';
import type { ApolloCache } from '@apollo/client';
import { cacheIdOf, isNewerThanCached, removeFromCache } from '../../../lib/connection-cache';
import { useLiveEvents } from '../../../lib/use-live-events';
import { TaskFields } from './task-fields';
import { placeTask } from './task-list-cache';

export const TaskEventsSubscriptionDocument = graphql(`
  subscription TaskEvents($after: String) {
    taskEvents(after: $after) {
      cursor
      kind
      id
      version
      task {
        ...TaskFields
      }
    }
  }
`);

/** One task event into the cache: newer versions only; lists gain, lose or reorder the task. */
export function applyTaskEvent(cache: ApolloCache, event: TaskEventsSubscription['taskEvents']): void {
  if (!isNewerThanCached(cache, 'Task', event.id, event.version)) return;
  if (event.kind === 'DELETED' || !event.task) {
    removeFromCache(cache, 'Task', event.id, ['tasks']);
    return;
  }
  cache.writeFragment({ id: cacheIdOf(cache, 'Task', event.id), fragment: TaskFields, data: event.task });
  placeTask(cache, event.task);
}

/**
 * The signed-in user's tasks, live: changes from other tabs and devices land in the cache. `startAfter`
 * is the task list's `streamCursor` (undefined until it has loaded).
 */
export function useTaskEvents(startAfter: string | undefined) {
  const client = useApolloClient();
  return useLiveEvents(TaskEventsSubscriptionDocument, {
    variables: {},
    startAfter,
    cursorOf: (data) => data.taskEvents.cursor,
    onEvent: (data) => applyTaskEvent(client.cache, data.taskEvents),
  });
}
