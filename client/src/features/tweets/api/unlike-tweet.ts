import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const UnlikeTweetMutation = graphql(`
  mutation UnlikeTweet($id: ID!) {
    unlikeTweet(id: $id) {
      ...TweetFields
    }
  }
`);

export function useUnlikeTweet() {
  return useMutation(UnlikeTweetMutation);
}
