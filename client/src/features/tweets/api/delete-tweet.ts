import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { removeFromCache } from '../../../lib/connection-cache';

export const DeleteTweetMutation = graphql(`
  mutation DeleteTweet($id: ID!) {
    deleteTweet(id: $id)
  }
`);

export function useDeleteTweet() {
  return useMutation(DeleteTweetMutation, {
    update: (cache, { data }, { variables }) => {
      if (data?.deleteTweet && variables) removeFromCache(cache, 'Tweet', variables.id, ['tweets']);
    },
  });
}
