import { ForeignKeyConstraintViolationException, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders, RequestContext } from '../../context/request-context.js';
import type { Viewer } from '../../auth/viewer.js';
import { Role } from '../../auth/role.js';
import { recordEvents } from '../../events/event-writer.js';
import { clientMutationIdRule, createOnce } from '../../shared/client-mutations.js';
import { badInput, forbidden, notFound } from '../../shared/errors.js';
import type { PageArgs } from '../../shared/pagination/index.js';
import { withDates } from '../../shared/rows.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, isEntityId } from '../../shared/validation.js';
import { Tweet, TweetLike } from './tweet.entity.js';
import { type FeedFilter, feedPage } from './tweet-feed.js';
import { tweetAggregate, type TweetFacts } from './tweet.events.js';
import type { PostTweetInput, TweetsArgs } from './tweet.inputs.js';
import { tweetRules } from './tweet.rules.js';

/** An `authorId` argument that cannot name a user is the client's mistake, not an empty result. */
export function checkAuthorId(authorId: string): string {
  if (!isEntityId(authorId)) throw badInput({ authorId: 'is not a user id' });
  return authorId;
}

export function listTweets(em: EntityManager, viewerId: string, args: TweetsArgs) {
  const filter: FeedFilter = {};
  if (args.authorId != null) filter.authorId = checkAuthorId(args.authorId);
  const search = args.search?.trim();
  if (search) filter.search = search;
  return feedPage(em, filter, args, viewerId);
}

/** `User.tweets`: one author's tweets, newest first. */
export function listTweetsBy(em: EntityManager, viewerId: string | null, authorId: string, args: PageArgs) {
  return feedPage(em, { authorId }, args, viewerId);
}

export async function findTweet(em: EntityManager, id: string): Promise<Tweet> {
  const tweet = isEntityId(id) ? await em.findOne(Tweet, { id }) : null;
  if (!tweet) throw notFound('Tweet');
  return tweet;
}

/** Writes a tweet and `TweetPosted`; runs inside `tx`'s transaction (also used by the seed). */
export async function addTweet(tx: EntityManager, authorId: string, body: string): Promise<Tweet> {
  const tweet = tx.create(Tweet, { author: authorId, body });
  await tx.flush();
  await tweetAggregate.record(tx, 'TweetPosted', tweet, authorId);
  return tweet;
}

/** `loaders`: the request's, whose `likedByMe` answer for the new tweet is known; none outside a request. */
export async function postTweet(em: EntityManager, viewer: Viewer, input: PostTweetInput, loaders?: Loaders): Promise<Tweet> {
  const errors = new FieldErrors();
  const body = tweetRules.body(errors, input.body);
  const clientMutationId = clientMutationIdRule(errors, input.clientMutationId);
  errors.throwIfAny();
  const { object: tweet, replayed } = await inTransaction(em, (tx) =>
    createOnce(
      tx,
      { userId: viewer.id, clientMutationId, aggregateType: tweetAggregate.name },
      () => addTweet(tx, viewer.id, body),
      (id) => tx.findOne(Tweet, { id, author: viewer.id }),
    ),
  );
  // A tweet posted just now has no likes; one posted by an earlier call may have the viewer's by now.
  if (!replayed && loaders) rememberLike(loaders, viewer.id, tweet.id, false);
  return tweet;
}

export async function deleteTweet(em: EntityManager, viewer: Viewer, id: string): Promise<boolean> {
  if (!isEntityId(id)) throw notFound('Tweet');
  await inTransaction(em, async (tx) => {
    // Locked, so the version the event carries is the last one.
    const tweet = await tx.findOne(Tweet, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!tweet) throw notFound('Tweet');
    if (tweet.authorId !== viewer.id && viewer.role !== Role.ADMIN) throw forbidden('Only its author or an admin can delete a tweet');
    await tx.nativeDelete(Tweet, { id });
    await tweetAggregate.record(tx, 'TweetDeleted', tweet, viewer.id);
  });
  return true;
}

/**
 * Adds (`liked`) or removes the viewer's like. Idempotent: when nothing changes there is no new
 * version and no event. The `tweet_like_count` trigger keeps `likeCount` and bumps `version`.
 */
async function setLike(tx: EntityManager, userId: string, tweetId: string, liked: boolean): Promise<Tweet> {
  const changed = liked
    ? await tx.execute(
        `insert into tweet_like (tweet_id, user_id, created_at) select id, ?, now() from tweet where id = ?
         on conflict do nothing returning tweet_id`,
        [userId, tweetId],
      )
    : await tx.execute(`delete from tweet_like where tweet_id = ? and user_id = ? returning tweet_id`, [tweetId, userId]);
  // Read after the change: when there was one, the trigger has updated the row and this transaction
  // holds its lock, so the event carries exactly this change's version and count.
  const tweet = await tx.findOne(Tweet, { id: tweetId }, { refresh: true });
  if (!tweet) throw notFound('Tweet');
  if (changed.length) await tweetAggregate.record(tx, liked ? 'TweetLiked' : 'TweetUnliked', tweet, userId);
  return tweet;
}

/** `loaders` as for `postTweet`. */
export async function changeLike(em: EntityManager, viewerId: string, id: string, liked: boolean, loaders?: Loaders): Promise<Tweet> {
  if (!isEntityId(id)) throw notFound('Tweet');
  let tweet: Tweet;
  try {
    tweet = await inTransaction(em, (tx) => setLike(tx, viewerId, id, liked));
  } catch (error) {
    // The tweet was deleted while the like was being inserted (its foreign-key check failed).
    if (error instanceof ForeignKeyConstraintViolationException) throw notFound('Tweet');
    throw error;
  }
  if (loaders) rememberLike(loaders, viewerId, id, liked);
  return tweet;
}

/** A tweet row as `TweetFacts`: bulk statements return plain rows, cheaper than thousands of entities. */
const TWEET_FACTS = `id, author_id as "authorId", body, created_at as "createdAt", version, like_count as "likeCount"`;

/**
 * What an account's deletion does to tweets, each change with its event: its likes of other
 * users' tweets go (`TweetUnliked`, with the count and version the trigger left), then its own
 * tweets (`TweetDeleted`; likes of them simply go with them). A few statements, however many rows.
 */
export async function removeTweetsOf(tx: EntityManager, authorId: string, actorId: string | null): Promise<void> {
  const unliked = await tx.execute<{ tweet_id: string }[]>(
    `delete from tweet_like l using tweet t where l.user_id = ? and t.id = l.tweet_id and t.author_id <> ? returning l.tweet_id`,
    [authorId, authorId],
  );
  if (unliked.length) {
    // Read after the change, as `setLike` does: this transaction holds these rows' locks now. The
    // ids go as one JSON parameter: a list of parameters has a limit an active account could reach.
    const rows = await tx.execute<Record<string, unknown>[]>(
      `select ${TWEET_FACTS} from tweet where id in (select jsonb_array_elements_text(?::jsonb)::uuid) order by id`,
      [JSON.stringify(unliked.map((like) => like.tweet_id))],
    );
    await recordEvents(tx, withDates<TweetFacts>(rows, ['createdAt']).map((tweet) => tweetAggregate.event('TweetUnliked', tweet, actorId)));
  }
  const rows = await tx.execute<Record<string, unknown>[]>(`delete from tweet where author_id = ? returning ${TWEET_FACTS}`, [authorId]);
  await recordEvents(tx, withDates<TweetFacts>(rows, ['createdAt']).map((tweet) => tweetAggregate.event('TweetDeleted', tweet, actorId)));
}

/** The seed's way to like: the same path as `likeTweet`, inside the caller's transaction. */
export function addLike(tx: EntityManager, userId: string, tweetId: string): Promise<Tweet> {
  return setLike(tx, userId, tweetId, true);
}

function likedByLoader(loaders: Loaders, viewerId: string) {
  return loaders.loader<string, boolean>(`Tweet.likedBy:${viewerId}`, async (ids, em) => {
    const likes = await em.find(TweetLike, { user: viewerId, tweet: { $in: [...ids] } }, { fields: ['tweet'] });
    const liked = new Set(likes.map((like) => like.tweet.id));
    return ids.map((id) => liked.has(id));
  });
}

/** Whether the viewer likes the tweet; all tweets of one response are answered by one query. */
export function likedByViewer(context: RequestContext, tweetId: string): Promise<boolean> {
  const viewer = context.viewer;
  if (!viewer) return Promise.resolve(false);
  return likedByLoader(context, viewer.id).load(tweetId);
}

/** A mutation knows the answer already; spare the query. */
function rememberLike(loaders: Loaders, viewerId: string, tweetId: string, liked: boolean): void {
  likedByLoader(loaders, viewerId).clear(tweetId).prime(tweetId, liked);
}
