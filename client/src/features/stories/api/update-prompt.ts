import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placePrompt } from './prompt-list-cache';

export const UpdatePromptMutation = graphql(`
  mutation UpdatePrompt($id: ID!, $input: UpdatePromptInput!) {
    updatePrompt(id: $id, input: $input) {
      ...PromptFields
    }
  }
`);

export function useUpdatePrompt() {
  return useMutation(UpdatePromptMutation, {
    update: (cache, { data }) => {
      if (data) placePrompt(cache, data.updatePrompt);
    },
  });
}
