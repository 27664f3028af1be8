import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placeTweet } from './tweet-list-cache';

export const PostTweetMutation = graphql(`
  mutation PostTweet($input: PostTweetInput!) {
    postTweet(input: $input) {
      ...TweetFields
    }
  }
`);

export function usePostTweet() {
  return useMutation(PostTweetMutation, {
    update: (cache, { data }) => {
      if (data) placeTweet(cache, data.postTweet);
    },
  });
}
