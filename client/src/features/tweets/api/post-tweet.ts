import type { ApolloClient } from '@apollo/client';
import { graphql } from '../../../gql/gql';
import type { OutboxSenders } from '../../../lib/outbox/outbox';
import { placeTweet } from './tweet-list-cache';

export const PostTweetMutation = graphql(`
  mutation PostTweet($input: PostTweetInput!) {
    postTweet(input: $input) {
      ...TweetFields
    }
  }
`);

/** How the outbox posts a tweet: the result lands in every cached feed (once, with its own event). */
export function tweetSender(client: ApolloClient): OutboxSenders['tweet'] {
  return async (input, clientMutationId) => {
    const { data } = await client.mutate({
      mutation: PostTweetMutation,
      variables: { input: { ...input, clientMutationId } },
      update: (cache, result) => {
        if (result.data) placeTweet(cache, result.data.postTweet);
      },
    });
    if (!data) throw new Error('postTweet returned no tweet');
    return data.postTweet;
  };
}
