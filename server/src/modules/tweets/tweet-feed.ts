import type { EntityManager } from '@mikro-orm/postgresql';
import { type ConnectionShape, type Keyset, keysetAfter, keysetConnection, keysetCursor, overfetched, type PageArgs, pageSize } from '../../shared/pagination/index.js';
import { likePattern } from '../../shared/validation.js';
import type { User } from '../users/user.entity.js';
import type { Tweet } from './tweet.entity.js';

/** Every field of a user the GraphQL type can show (`email` and `phone` still go through their guards). */
export type AuthorView = Omit<User, 'passwordHash'>;

/**
 * What a feed row carries: every scalar field of a tweet, and what the feed shows with it, read in
 * the same statement — so `author` and `likedByMe` resolve without a query of their own.
 */
export type TweetView = Pick<Tweet, 'id' | 'authorId' | 'body' | 'createdAt' | 'version' | 'likeCount'> & {
  joined: { author: AuthorView; likedByMe: boolean };
};

export interface FeedFilter {
  authorId?: string;
  /** Matched anywhere in the body, ignoring case (served by the trigram index `tweet_body_trgm`). */
  search?: string;
}

interface TweetRow {
  id: string;
  author_id: string;
  body: string;
  created_at: Date;
  version: number;
  like_count: number;
  liked_by_me: boolean;
  username: string;
  email: string;
  name: string;
  role: User['role'];
  avatar_url: string | null;
  phone: string | null;
  bio: string;
  author_created_at: Date;
  author_updated_at: Date;
  author_version: number;
}

/** Cursors are the keyset position, (createdAt, id), of the last tweet on the page. */
const FEED_KEYSET: Keyset<TweetView> = [['createdAt', 'timestamp'], ['id', 'uuid']];

/** On the tweet table as `t`. */
function conditions(filter: FeedFilter): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (filter.authorId !== undefined) {
    sql.push('t.author_id = ?');
    params.push(filter.authorId);
  }
  if (filter.search) {
    sql.push('t.body ilike ?');
    params.push(likePattern(filter.search));
  }
  return { sql, params };
}

/**
 * A page of the feed, newest first, in one statement: the tweets with their authors joined and the
 * viewer's like as `exists`, read as plain rows and mapped straight to what GraphQL shows (entities
 * and a query per field cost most of a request: bench W2). Keyset on (created_at, id) through
 * `tweet_feed_idx` / `tweet_author_feed_idx`, so new tweets never shift or repeat a page. A tweet
 * goes with its author's account (cascade), so the join loses none.
 */
export async function feedPage(em: EntityManager, filter: FeedFilter, args: PageArgs, viewerId: string | null): Promise<ConnectionShape<TweetView>> {
  const first = pageSize(args.first);
  const where = conditions(filter);
  const keyset = args.after ? keysetAfter(FEED_KEYSET, args.after) : null;
  const pageWhere = [...where.sql, ...(keyset ? ['(t.created_at, t.id) < (?::timestamptz, ?::uuid)'] : [])];
  const rows: TweetRow[] = await em.execute(
    `select t.id, t.author_id, t.body, t.created_at, t.version, t.like_count,
            exists (select 1 from tweet_like l where l.tweet_id = t.id and l.user_id = ?::uuid) as liked_by_me,
            u.username, u.email, u.name, u.role, u.avatar_url, u.phone, u.bio,
            u.created_at as author_created_at, u.updated_at as author_updated_at, u.version as author_version
     from "tweet" t join users u on u.id = t.author_id
     ${pageWhere.length ? `where ${pageWhere.join(' and ')}` : ''}
     order by t.created_at desc, t.id desc limit ?`,
    [viewerId, ...where.params, ...(keyset ?? []), first + 1],
  );
  const page = overfetched(rows, first);
  const nodes: TweetView[] = page.nodes.map((row) => ({
    id: row.id,
    authorId: row.author_id,
    body: row.body,
    createdAt: new Date(row.created_at),
    version: row.version,
    likeCount: row.like_count,
    joined: {
      likedByMe: row.liked_by_me,
      author: {
        id: row.author_id,
        username: row.username,
        email: row.email,
        name: row.name,
        role: row.role,
        avatarUrl: row.avatar_url,
        phone: row.phone,
        bio: row.bio,
        createdAt: new Date(row.author_created_at),
        updatedAt: new Date(row.author_updated_at),
        version: row.author_version,
      },
    },
  }));
  return keysetConnection(
    { nodes, hasNextPage: page.hasNextPage },
    (node) => keysetCursor(FEED_KEYSET, node),
    () =>
      em
        .execute(`select count(*)::int as count from "tweet" t ${where.sql.length ? `where ${where.sql.join(' and ')}` : ''}`, where.params)
        .then((result) => (result[0] as { count: number }).count),
  );
}
