import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { PromptEventsSubscription } from '../../../gql/graphql';
import { cacheIdOf, isNewerThanCached, removeFromCache } from '../../../lib/connection-cache';
import { useLiveEvents } from '../../../lib/use-live-events';
import { PromptFields } from './prompt-fields';
import { placePrompt } from './prompt-list-cache';

export const PromptEventsSubscriptionDocument = graphql(`
  subscription PromptEvents($after: String) {
    promptEvents(after: $after) {
      cursor
      kind
      id
      version
      prompt {
        ...PromptFields
      }
    }
  }
`);

export function applyPromptEvent(cache: ApolloCache, event: PromptEventsSubscription['promptEvents']): void {
  if (!isNewerThanCached(cache, 'Prompt', event.id, event.version)) return;
  if (event.kind === 'DELETED' || !event.prompt) {
    removeFromCache(cache, 'Prompt', event.id, ['prompts']);
    return;
  }
  cache.writeFragment({ id: cacheIdOf(cache, 'Prompt', event.id), fragment: PromptFields, data: event.prompt });
  placePrompt(cache, event.prompt);
}

/** The viewer's prompts, live across tabs and devices, after the prompt list's `streamCursor`. */
export function usePromptEvents(startAfter: string | undefined) {
  const client = useApolloClient();
  return useLiveEvents(PromptEventsSubscriptionDocument, {
    variables: {},
    startAfter,
    cursorOf: (data) => data.promptEvents.cursor,
    onEvent: (data) => applyPromptEvent(client.cache, data.promptEvents),
  });
}
