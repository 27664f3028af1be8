import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { TaskEventsSubscription } from '../../../gql/graphql';
import type { ApolloCache } from '@apollo/client';
import { applyChangeEvent } from '../../../lib/change-events';
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
  applyChangeEvent(cache, event, { typename: 'Task', node: event.task, fragment: TaskFields, connections: ['tasks'], place: placeTask });
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
