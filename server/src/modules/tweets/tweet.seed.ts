import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../users/user.entity.js';
import { Tweet } from './tweet.entity.js';
import { addLike, addTweet } from './tweet.service.js';

/** Demo posts; the i-th user posts the bodies at i, i + n, i + 2n, ... (n = number of users). */
const DEMO_TWEETS = [
  'Hello, Chorus! Every change here is an event you can subscribe to.',
  'Trying out live subscriptions: open two tabs and watch this feed update. 🎶',
  'Resumable streams: reconnect with your last cursor and nothing is lost or repeated.',
  'Coffee first, then GraphQL. ☕',
  'Keyset pagination means new posts never shift the page you are reading.',
  'Wrote a short story with the story bot today; it was about a lighthouse keeper.',
  'Who else keeps their to-do list in the same app as their micro-blog?',
  'PostgreSQL LISTEN/NOTIFY + a transaction-id horizon = no skipped events.',
];

/**
 * Posts the demo tweets each user has not posted yet (matched by body), and has every user like
 * the first demo tweet of the next user. Uses the same writers as the API, so each change has its
 * event; liking is idempotent. Safe to run again.
 */
export async function seedTweets(em: EntityManager, users: readonly Pick<User, 'id'>[]): Promise<number> {
  if (users.length === 0) return 0;
  let created = 0;
  const firstTweets: (Tweet | null)[] = [];
  for (const [index, user] of users.entries()) {
    const bodies = DEMO_TWEETS.filter((_, i) => i % users.length === index);
    const first = await em.transactional(async (tx) => {
      const existing = await tx.find(Tweet, { author: user.id, body: { $in: bodies } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      const have = new Map(existing.map((tweet) => [tweet.body, tweet]));
      let firstTweet: Tweet | null = null;
      for (const body of bodies) {
        let tweet = have.get(body);
        if (!tweet) {
          tweet = await addTweet(tx as EntityManager, user.id, body);
          created++;
        }
        firstTweet ??= tweet;
      }
      return firstTweet;
    });
    firstTweets.push(first);
  }
  for (const [index, user] of users.entries()) {
    const target = firstTweets[(index + 1) % users.length];
    if (!target || target.authorId === user.id) continue;
    await em.transactional((tx) => addLike(tx as EntityManager, user.id, target.id));
  }
  return created;
}
