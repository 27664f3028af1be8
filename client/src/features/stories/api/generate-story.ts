import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placeStory } from './story-events';

export const GenerateStoryMutation = graphql(`
  mutation GenerateStory($input: GenerateStoryInput!) {
    generateStory(input: $input) {
      ...StoryFields
    }
  }
`);

/** Starts a story; it heads the prompt's history at once (GENERATING), then streams in. */
export function useGenerateStory() {
  return useMutation(GenerateStoryMutation, {
    update: (cache, { data }, { variables }) => {
      if (data && variables) placeStory(cache, variables.input.promptId, data.generateStory.id);
    },
  });
}
