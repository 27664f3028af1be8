import type { ApolloClient } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const TweetsQuery = graphql(`
  query Tweets($first: Int, $after: String, $authorId: ID, $search: String) {
    tweets(first: $first, after: $after, authorId: $authorId, search: $search) {
      edges {
        cursor
        node {
          ...TweetFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      streamCursor
    }
  }
`);

export const TWEETS_PAGE_SIZE = 20;

/** Newest first; `authorId` for one user's page, `search` for the body. */
export function useTweets(options: { authorId: string | null; search: string | null }) {
  return useQuery(TweetsQuery, {
    variables: { first: TWEETS_PAGE_SIZE, authorId: options.authorId, search: options.search },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
  });
}

/**
 * The feed's first page, asked for as a cold visit starts (app-routes.tsx) rather than once the page
 * mounts after `me`: the page then shows it from the cache, one round trip sooner on a slow phone.
 * The variables are the page's own, so the two share the cache entry.
 */
export function prefetchFeed(client: ApolloClient): void {
  void client.query({ query: TweetsQuery, variables: { first: TWEETS_PAGE_SIZE, authorId: null, search: null } }).catch(() => undefined);
}
