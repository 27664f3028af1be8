import type { EntityManager } from '@mikro-orm/postgresql';
import { audience, type ChangeKind, type NewDomainEvent, recordEvent } from '../../events/event-writer.js';
import type { Tweet } from './tweet.entity.js';

export const TWEET_AGGREGATE = 'Tweet';

export type TweetEventType = 'TweetPosted' | 'TweetDeleted' | 'TweetLiked' | 'TweetUnliked';

const KIND: Record<TweetEventType, ChangeKind> = {
  TweetPosted: 'CREATED',
  TweetDeleted: 'DELETED',
  TweetLiked: 'UPDATED',
  TweetUnliked: 'UPDATED',
};

/** What a tweet event reads: the entity, or a row read back from a statement that changed many. */
export type TweetFacts = Pick<Tweet, 'id' | 'authorId' | 'body' | 'createdAt' | 'version' | 'likeCount'>;

/** Everything a subscriber needs to render the tweet; `author` and `likedByMe` resolve from the ids. */
export function tweetSnapshot(tweet: TweetFacts) {
  return {
    id: tweet.id,
    authorId: tweet.authorId,
    body: tweet.body,
    createdAt: tweet.createdAt.toISOString(),
    version: tweet.version,
    likeCount: tweet.likeCount,
  };
}

/** Public to every signed-in user. */
export function tweetEvent(type: TweetEventType, tweet: TweetFacts, actorId: string | null): NewDomainEvent {
  const deleted = type === 'TweetDeleted';
  return {
    type,
    aggregateType: TWEET_AGGREGATE,
    aggregateId: tweet.id,
    aggregateVersion: tweet.version,
    kind: KIND[type],
    actorId,
    ownerId: tweet.authorId,
    audience: [audience.public],
    payload: deleted ? { id: tweet.id, authorId: tweet.authorId } : tweetSnapshot(tweet),
  };
}

export function recordTweetEvent(tx: EntityManager, type: TweetEventType, tweet: Tweet, actorId: string | null) {
  return recordEvent(tx, tweetEvent(type, tweet, actorId));
}
