import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const CancelStoryMutation = graphql(`
  mutation CancelStory($id: ID!) {
    cancelStory(id: $id) {
      ...StoryFields
    }
  }
`);

export function useCancelStory() {
  return useMutation(CancelStoryMutation);
}
