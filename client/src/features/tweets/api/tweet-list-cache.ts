import type { ApolloCache } from '@apollo/client';
import type { TweetFieldsFragment } from '../../../gql/graphql';
import { cacheIdOf, newestFirst, placeInConnections } from '../../../lib/connection-cache';
import { TweetFields } from './tweet-fields';

/** The server's filters, applied to one tweet: the author, and `search` anywhere in the body, any case. */
export function tweetMatches(tweet: Pick<TweetFieldsFragment, 'body' | 'author'>, args: Record<string, unknown>): boolean {
  if (typeof args.authorId === 'string' && args.authorId !== tweet.author.id) return false;
  const search = typeof args.search === 'string' ? args.search.trim().toLowerCase() : '';
  return !search || tweet.body.toLowerCase().includes(search);
}

/** Writes a tweet and lists it, newest first, in every cached feed it belongs to (once, whoever comes first). */
export function placeTweet(cache: ApolloCache, tweet: TweetFieldsFragment): void {
  cache.writeFragment({ id: cacheIdOf(cache, 'Tweet', tweet.id), fragment: TweetFields, fragmentName: 'TweetFields', data: tweet });
  placeInConnections(cache, {
    fieldName: 'tweets',
    typename: 'Tweet',
    edgeTypename: 'TweetEdge',
    id: tweet.id,
    belongsIn: (args) => tweetMatches(tweet, args),
    compare: newestFirst,
  });
}
