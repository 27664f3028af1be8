import type { ChorusModule } from '../../context/chorus-module.js';
import { Tweet, TweetLike } from './tweet.entity.js';
import { tweetAggregate } from './tweet.events.js';
import { TweetResolver } from './tweet.resolver.js';
import { seedTweets } from './tweet.seed.js';
import { UserTweetsResolver } from './user-tweets.resolver.js';

/** The micro-blog: one public feed, likes, each user's timeline. */
export const tweetsModule = {
  name: 'tweets',
  entities: [Tweet, TweetLike],
  aggregates: [tweetAggregate],
  resolvers: [TweetResolver, UserTweetsResolver],
  // Every signed-in user sees every tweet: subscribers share an execution unless they select a
  // field that depends on the viewer (`likedByMe`, or an author's `email`).
  liveFields: [{ field: 'tweetEvents', public: true }],
  viewerIndependentFields: [
    ...['cursor', 'kind', 'type', 'id', 'tweet', 'version', 'at', 'actorId'].map((field) => `TweetEvent.${field}`),
    ...['id', 'body', 'author', 'createdAt', 'version', 'likeCount'].map((field) => `Tweet.${field}`),
  ],
  seed: async (em, users) => ({ label: 'tweets', added: await seedTweets(em, users) }),
} satisfies ChorusModule;
