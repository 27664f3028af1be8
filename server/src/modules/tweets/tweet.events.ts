import { defineAggregate } from '../../events/aggregate.js';
import { audience } from '../../events/event-writer.js';
import type { Tweet } from './tweet.entity.js';

/** What a tweet event reads: the entity, or a row read back from a statement that changed many. */
export type TweetFacts = Pick<Tweet, 'id' | 'authorId' | 'body' | 'createdAt' | 'version' | 'likeCount'>;

export const tweetAggregate = defineAggregate({
  name: 'Tweet',
  events: { TweetPosted: 'CREATED', TweetDeleted: 'DELETED', TweetLiked: 'UPDATED', TweetUnliked: 'UPDATED' },
  /** Public to every signed-in user. */
  audience: (_tweet: TweetFacts) => [audience.public],
  ownerId: (tweet) => tweet.authorId,
  /** Everything a subscriber needs to render the tweet; `author` and `likedByMe` resolve from the ids. */
  snapshot: (tweet) => ({
    id: tweet.id,
    authorId: tweet.authorId,
    body: tweet.body,
    createdAt: tweet.createdAt.toISOString(),
    version: tweet.version,
    likeCount: tweet.likeCount,
  }),
  deletedPayload: (tweet) => ({ id: tweet.id, authorId: tweet.authorId }),
});
