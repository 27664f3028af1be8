// Builds (when missing or stale) a migrated, seeded template database and copies it to a fresh
// database for this run. Seeding is plain SQL (generate_series), deterministic (ids are md5 of a
// counter), so every run and every peer sees the same data set.
// Run under `node --import @swc-node/register/esm-register` (it applies Chorus's TS migrations).
// Input: env BENCH_ADMIN_URL, BENCH_TEMPLATE, BENCH_DATABASE, BENCH_USERS, BENCH_TWEETS, BENCH_LIKES.
// Output: one JSON line on stdout.
import 'reflect-metadata';
import argon2 from 'argon2';
import type pg from 'pg';
import { migrationsList } from '../../migrations/index.js';
import { migrate, openOrm } from '../../server/src/db/orm.js';
import { withClient as anyWithClient } from '../lib/postgres.mjs';

export const BENCH_PASSWORD = 'bench-password-1';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const adminUrl = env('BENCH_ADMIN_URL');
const template = env('BENCH_TEMPLATE');
const database = env('BENCH_DATABASE');
const users = Number(env('BENCH_USERS'));
const tweets = Number(env('BENCH_TWEETS'));
const likes = Number(env('BENCH_LIKES'));
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const urlFor = (db: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
};

/** The runner's one pg client helper (bench/lib/postgres.mjs: connect, run, end), typed here. */
const withClient: <T>(url: string, run: (client: pg.Client) => Promise<T>) => Promise<T> = anyWithClient;

const fingerprint = JSON.stringify({ v: 4, users, tweets, likes, migrations: migrationsList.map((m) => m.name) });

async function templateIsCurrent(): Promise<boolean> {
  const exists = await withClient(adminUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [template])).rowCount);
  if (!exists) return false;
  try {
    return await withClient(urlFor(template), async (c) => {
      const { rows } = await c.query<{ fingerprint: string }>('select fingerprint from bench_seed');
      return rows[0]?.fingerprint === fingerprint;
    });
  } catch {
    return false;
  }
}

async function buildTemplate(): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  let mark = Date.now();
  const lap = (name: string) => {
    timings[name] = Date.now() - mark;
    mark = Date.now();
  };
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${ident(template)} with (force)`);
    await c.query(`create database ${ident(template)}`);
  });
  const orm = await openOrm(urlFor(template));
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  lap('migrateMs');
  const passwordHash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await withClient(urlFor(template), async (c) => {
    await c.query('begin');
    await c.query(
      `insert into users (id, username, email, name, password_hash, role, bio, created_at, updated_at, version)
       select md5('user' || i)::uuid, 'bench_user_' || i, 'bench_user_' || i || '@example.com', 'Bench User ' || i, $2,
              'USER', 'Benchmark account ' || i, timestamptz '2026-01-01' + i * interval '1 second',
              timestamptz '2026-01-01' + i * interval '1 second', 1
       from generate_series(1, $1::int) i`,
      [users, passwordHash],
    );
    // One sign-in per user: the runner signs access tokens for these families.
    await c.query(
      `insert into refresh_session (id, user_id, family, token_hash, created_at, expires_at)
       select md5('session' || i)::uuid, md5('user' || i)::uuid, md5('family' || i)::uuid, md5('rt' || i) || md5('rt2' || i),
              now(), now() + interval '10 years'
       from generate_series(1, $1::int) i`,
      [users],
    );
    lap('usersMs');
    // Tweet i is by user 1 + i % users, one minute after tweet i - 1; the newest has the largest i.
    await c.query(
      `insert into tweet (id, author_id, body, created_at, version, like_count)
       select md5('tweet' || i)::uuid, md5('user' || (1 + i % $2::int))::uuid,
              'Bench tweet #' || i || ': ' || left(repeat('lorem ipsum dolor sit amet ', 1 + i % 9), 200),
              timestamptz '2026-01-01' + i * interval '1 minute', 1, 0
       from generate_series(1, $1::int) i`,
      [tweets, users],
    );
    lap('tweetsMs');
    // Likes without the per-row trigger; the counts are set in one statement afterwards.
    await c.query('alter table tweet_like disable trigger tweet_like_count');
    await c.query(
      `insert into tweet_like (tweet_id, user_id, created_at)
       select md5('tweet' || (1 + (u * 7919 + k * 104729) % $3::int))::uuid, md5('user' || u)::uuid, now()
       from generate_series(1, $1::int) u, generate_series(1, $2::int) k
       on conflict do nothing`,
      [users, likes, tweets],
    );
    // bench_user_1 (the feed's viewer) likes every other tweet of the newest 20.
    await c.query(
      `insert into tweet_like (tweet_id, user_id, created_at)
       select md5('tweet' || i)::uuid, md5('user1')::uuid, now() from generate_series($1::int - 19, $1::int, 2) i
       on conflict do nothing`,
      [tweets],
    );
    await c.query(
      `update tweet t set like_count = l.n, version = 1 + l.n
       from (select tweet_id, count(*)::int n from tweet_like group by tweet_id) l where l.tweet_id = t.id`,
    );
    await c.query('alter table tweet_like enable trigger tweet_like_count');
    lap('likesMs');
    // PostGraphile's peer: `Tweet.likedByMe` as a computed column, the viewer from its JWT claims.
    await c.query(
      `create or replace function tweet_liked_by_me(t tweet) returns boolean language sql stable as $$
         select exists (select 1 from tweet_like l
                        where l.tweet_id = t.id and l.user_id = nullif(current_setting('jwt.claims.sub', true), '')::uuid)
       $$`,
    );
    // The clientMutationId ledger is no part of the feed, and its column clashes with PostGraphile's own
    // `clientMutationId` input field (the peer would not start): hidden from PostGraphile by a smart comment.
    await c.query(`comment on table client_mutation is E'@omit'`);
    await c.query('create extension if not exists pg_stat_statements').catch(() => {});
    await c.query('create table bench_seed (fingerprint text not null)');
    await c.query('insert into bench_seed values ($1)', [fingerprint]);
    await c.query('commit');
    await c.query('vacuum analyze');
    lap('finishMs');
  });
  return timings;
}

const started = Date.now();
let built: Record<string, number> | null = null;
if (!(await templateIsCurrent())) built = await buildTemplate();
await withClient(adminUrl, async (c) => {
  await c.query('create extension if not exists pg_stat_statements').catch(() => {});
  await c.query(`drop database if exists ${ident(database)} with (force)`);
  await c.query(`create database ${ident(database)} template ${ident(template)}`);
});
const counts = await withClient(urlFor(database), async (c) => {
  const { rows } = await c.query<{ users: number; tweets: number; likes: number }>(
    `select (select count(*) from users)::int users, (select count(*) from tweet)::int tweets, (select count(*) from tweet_like)::int likes`,
  );
  return rows[0]!;
});
process.stdout.write(`${JSON.stringify({ ok: true, templateBuilt: built !== null, timings: built, ms: Date.now() - started, counts })}\n`);
