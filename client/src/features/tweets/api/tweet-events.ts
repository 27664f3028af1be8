import type { ApolloCache } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { TweetEventsSubscription, TweetFieldsFragment } from '../../../gql/graphql';
import { applyChangeEvent } from '../../../lib/change-events';
import { useLiveEvents } from '../../../lib/use-live-events';
import { TweetPublicFields } from './tweet-fields';
import { placeTweet } from './tweet-list-cache';

export const TweetEventsSubscriptionDocument = graphql(`
  subscription TweetEvents($after: String, $authorId: ID) {
    tweetEvents(after: $after, authorId: $authorId) {
      cursor
      kind
      type
      id
      version
      actorId
      tweet {
        ...TweetPublicFields
      }
    }
  }
`);

export type TweetEvent = TweetEventsSubscription['tweetEvents'];

/** The viewer's own like or unlike (from another tab) tells `likedByMe`; anyone else's leaves it. */
export function likedByViewer(event: TweetEvent, viewerId: string | undefined): boolean | undefined {
  if (!viewerId || event.actorId !== viewerId) return undefined;
  if (event.type === 'TweetLiked') return true;
  if (event.type === 'TweetUnliked') return false;
  return undefined;
}

export interface TweetEventHandlers {
  /** Someone else posted: the feed offers it ("N new tweets") rather than pushing the list down. */
  onArrived: (tweet: TweetFieldsFragment) => void;
  /** A tweet not in the cache changed or went away (it may be waiting in the "new tweets" bar). */
  onChangedElsewhere: (event: TweetEvent) => void;
}

/**
 * One tweet event into the cache. Versions decide: the event of a tweet this tab already holds at that
 * version (its own post, its own like) changes nothing, so nothing shows twice.
 */
export function applyTweetEvent(cache: ApolloCache, event: TweetEvent, viewerId: string | undefined, handlers: TweetEventHandlers): void {
  const liked = likedByViewer(event, viewerId);
  applyChangeEvent(cache, event, {
    typename: 'Tweet',
    node: event.tweet,
    fragment: TweetPublicFields,
    // Feeds and user timelines are all variants of `tweets`.
    connections: ['tweets'],
    onDeleted: () => handlers.onChangedElsewhere(event),
    afterWrite: (id) => {
      if (liked !== undefined) cache.modify({ id, fields: { likedByMe: () => liked } });
    },
    // A tweet already in a feed keeps its place; one not yet here is placed, offered, or passed on.
    notCached: (publicFields) => {
      if (event.kind !== 'CREATED') {
        handlers.onChangedElsewhere(event);
        return;
      }
      const tweet = { ...publicFields, likedByMe: liked ?? false };
      // The viewer's own tweet (from another tab or device) goes straight in.
      if (event.actorId !== null && event.actorId === viewerId) placeTweet(cache, tweet);
      else handlers.onArrived(tweet);
    },
  });
}

/** `startAfter`: the feed's `streamCursor`, undefined until its first page has loaded. */
export function useTweetEvents(options: { authorId: string | null; viewerId: string | undefined; startAfter: string | undefined } & TweetEventHandlers) {
  const client = useApolloClient();
  return useLiveEvents(TweetEventsSubscriptionDocument, {
    variables: { authorId: options.authorId },
    startAfter: options.startAfter,
    cursorOf: (data) => data.tweetEvents.cursor,
    onEvent: (data) => applyTweetEvent(client.cache, data.tweetEvents, options.viewerId, options),
  });
}
