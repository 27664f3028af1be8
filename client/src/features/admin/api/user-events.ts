import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { AdminUserEventsSubscription } from '../../../gql/graphql';
import { applyChangeEvent } from '../../../lib/change-events';
import { useLiveEvents } from '../../../lib/use-live-events';
import { AdminUserFields } from './get-users';

export const AdminUserEventsSubscriptionDocument = graphql(`
  subscription AdminUserEvents($after: String) {
    userEvents(after: $after) {
      cursor
      kind
      id
      version
      user {
        ...AdminUserFields
      }
    }
  }
`);

/**
 * One user event into the cache: a changed account is rewritten in place (newer versions only), a
 * deleted one leaves every list. Returns whether the lists need a reload (a new account's place in
 * a search and an order is the server's to say).
 */
export function applyAdminUserEvent(cache: ApolloCache, event: AdminUserEventsSubscription['userEvents']): boolean {
  if (event.kind === 'CREATED') return true;
  applyChangeEvent(cache, event, { typename: 'User', node: event.user, fragment: AdminUserFields, connections: ['users'] });
  return false;
}

/**
 * Admins receive every user event: the users list follows sign-ups, role changes and deletions live,
 * from the users list's `streamCursor`.
 */
export function useAdminUserEvents(startAfter: string | undefined, onNewAccount: () => void) {
  const client = useApolloClient();
  return useLiveEvents(AdminUserEventsSubscriptionDocument, {
    variables: {},
    startAfter,
    cursorOf: (data) => data.userEvents.cursor,
    onEvent: (data) => {
      if (applyAdminUserEvent(client.cache, data.userEvents)) onNewAccount();
    },
  });
}
