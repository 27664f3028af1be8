import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { removeFromCache } from '../../../lib/connection-cache';

export const DeletePromptMutation = graphql(`
  mutation DeletePrompt($id: ID!, $input: DeletePromptInput) {
    deletePrompt(id: $id, input: $input)
  }
`);

export function useDeletePrompt() {
  return useMutation(DeletePromptMutation, {
    update: (cache, { data }, { variables }) => {
      if (data?.deletePrompt && variables) removeFromCache(cache, 'Prompt', variables.id, ['prompts']);
    },
  });
}
