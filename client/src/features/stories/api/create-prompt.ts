import type { ApolloClient } from '@apollo/client';
import { graphql } from '../../../gql/gql';
import type { OutboxSenders } from '../../../lib/outbox/outbox';
import { placePrompt } from './prompt-list-cache';

export const CreatePromptMutation = graphql(`
  mutation CreatePrompt($input: CreatePromptInput!) {
    createPrompt(input: $input) {
      ...PromptFields
    }
  }
`);

/** How the outbox creates a prompt: the result lands in every cached prompt list it matches. */
export function promptSender(client: ApolloClient): OutboxSenders['prompt'] {
  return async (input, clientMutationId) => {
    const { data } = await client.mutate({
      mutation: CreatePromptMutation,
      variables: { input: { ...input, clientMutationId } },
      update: (cache, result) => {
        if (result.data) placePrompt(cache, result.data.createPrompt);
      },
    });
    if (!data) throw new Error('createPrompt returned no prompt');
    return data.createPrompt;
  };
}
