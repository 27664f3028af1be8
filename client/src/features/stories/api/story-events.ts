import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { StoryEventsSubscription } from '../../../gql/graphql';
import { applyChangeEvent } from '../../../lib/change-events';
import { newestFirst, placeInConnections } from '../../../lib/connection-cache';
import { useLiveEvents } from '../../../lib/use-live-events';
import { StoryFields } from './story-fields';

export const StoryEventsSubscriptionDocument = graphql(`
  subscription StoryEvents($after: String, $promptId: ID) {
    storyEvents(after: $after, promptId: $promptId) {
      cursor
      kind
      id
      version
      story {
        ...StoryFields
      }
    }
  }
`);

/** Heads the prompt's cached history with a story already in the cache (idempotent: listed once). */
export function placeStory(cache: ApolloCache, promptId: string, storyId: string): void {
  placeInConnections(cache, {
    fieldName: 'stories',
    parent: { typename: 'Prompt', id: promptId },
    typename: 'Story',
    edgeTypename: 'StoryEdge',
    id: storyId,
    belongsIn: () => true,
    compare: newestFirst,
  });
}

/**
 * One story event into the cache: a story started in another tab joins the history (its card then
 * follows `storyStream`), a finished one gets its final state. Versions decide, so this tab's own
 * story, already listed by its mutation, is not listed twice.
 */
export function applyStoryEvent(cache: ApolloCache, promptId: string, event: StoryEventsSubscription['storyEvents']): void {
  // A story is listed only in its prompt's `stories` (no root connection): once evicted, its edge there is skipped when read.
  applyChangeEvent(cache, event, { typename: 'Story', node: event.story, fragment: StoryFields, connections: [], place: () => placeStory(cache, promptId, event.id) });
}

/** The stories of one prompt, live across tabs and devices, after its history's `streamCursor`. */
export function useStoryEvents(promptId: string, startAfter: string | undefined) {
  const client = useApolloClient();
  return useLiveEvents(StoryEventsSubscriptionDocument, {
    variables: { promptId },
    startAfter,
    cursorOf: (data) => data.storyEvents.cursor,
    onEvent: (data) => applyStoryEvent(client.cache, promptId, data.storyEvents),
  });
}
