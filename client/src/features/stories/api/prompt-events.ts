import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { PromptEventsSubscription } from '../../../gql/graphql';
import { applyChangeEvent } from '../../../lib/change-events';
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

/** One prompt event into the cache: newer versions only; lists gain or lose the prompt, newest first. */
export function applyPromptEvent(cache: ApolloCache, event: PromptEventsSubscription['promptEvents']): void {
  applyChangeEvent(cache, event, { typename: 'Prompt', node: event.prompt, fragment: PromptFields, connections: ['prompts'], place: placePrompt });
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
