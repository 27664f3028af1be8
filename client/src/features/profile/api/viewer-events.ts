import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { ViewerFields } from '../../../lib/auth/viewer';
import { applyChangeEvent } from '../../../lib/change-events';
import { useLiveEvents } from '../../../lib/use-live-events';

export const ViewerEventsSubscription = graphql(`
  subscription ViewerEvents($after: String) {
    userEvents(after: $after) {
      cursor
      kind
      id
      version
      user {
        ...ViewerFields
      }
    }
  }
`);

/**
 * The signed-in member's own profile changes from elsewhere (another tab, a phone): a new picture or
 * name shows at once in the header, their tweets and the profile page. Admins receive everyone's
 * user events here; only their own are written as the viewer's.
 */
export function useViewerEvents(viewerId: string | undefined) {
  const client = useApolloClient();
  return useLiveEvents(ViewerEventsSubscription, {
    variables: {},
    // No list to start after: the profile page and header read the viewer from `me`.
    startAfter: null,
    skip: !viewerId,
    cursorOf: (data) => data.userEvents.cursor,
    onEvent: ({ userEvents: event }) => {
      if (event.id !== viewerId || event.kind !== 'UPDATED' || !event.user) return;
      applyChangeEvent(client.cache, event, { typename: 'User', node: event.user, fragment: ViewerFields, connections: [] });
    },
  });
}
