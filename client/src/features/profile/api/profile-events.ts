import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { applyChangeEvent } from '../../../lib/change-events';
import { useLiveEvents } from '../../../lib/use-live-events';

const PublicProfileFields = graphql(`
  fragment PublicProfileFields on User {
    id
    name
    avatarUrl
    bio
    version
  }
`);

export const ProfileEventsSubscription = graphql(`
  subscription ProfileEvents($after: String) {
    profileEvents(after: $after) {
      cursor
      id
      version
      user {
        ...PublicProfileFields
      }
    }
  }
`);

/**
 * Other members' new names and pictures, live: every tweet, page and list that shows a member reads
 * them from that member's one cache entry, so writing it updates them all. Members not on screen
 * (not in the cache) are skipped; they are read fresh when they are shown. The viewer's own changes
 * are `useViewerEvents`'s: written here first with the public fields only, the newer-version check
 * would make it drop the email and phone of the same event.
 */
export function useProfileEvents(viewerId: string | undefined) {
  const client = useApolloClient();
  return useLiveEvents(ProfileEventsSubscription, {
    variables: {},
    // Follows no list: it keeps what is already on screen current, from now on.
    startAfter: null,
    skip: !viewerId,
    cursorOf: (data) => data.profileEvents.cursor,
    onEvent: ({ profileEvents: event }) => {
      if (!event.user || event.id === viewerId) return;
      // A profile event is always a change (no `kind`); members not in the cache are skipped.
      const change = { kind: 'UPDATED' as const, id: event.id, version: event.version };
      applyChangeEvent(client.cache, change, { typename: 'User', node: event.user, fragment: PublicProfileFields, connections: [], notCached: () => {} });
    },
  });
}
