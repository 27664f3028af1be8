import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const LikeTweetMutation = graphql(`
  mutation LikeTweet($id: ID!) {
    likeTweet(id: $id) {
      ...TweetFields
    }
  }
`);

export function useLikeTweet() {
  return useMutation(LikeTweetMutation);
}
