import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placePrompt } from './prompt-list-cache';

export const CreatePromptMutation = graphql(`
  mutation CreatePrompt($input: CreatePromptInput!) {
    createPrompt(input: $input) {
      ...PromptFields
    }
  }
`);

export function useCreatePrompt() {
  return useMutation(CreatePromptMutation, {
    update: (cache, { data }) => {
      if (data) placePrompt(cache, data.createPrompt);
    },
  });
}
