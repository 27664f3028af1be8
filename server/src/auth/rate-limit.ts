import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AppServices } from '../context/request-context.js';
import type { Config, RateLimit } from '../config.js';
import { rateLimited } from '../shared/errors.js';

export type LimitedAction = 'login' | 'register' | 'refresh' | 'upload';

/** Stale rows (windows long over) are swept by every this-many-th hit of a process. */
const SWEEP_EVERY = 200;
let hitsSinceSweep = 0;

/** Login keys whose rows live longer than RATE_LIMIT_WINDOW_SECONDS; the sweep must know them. */
const ACCOUNT_FAILURES = 'login-fail:acct:';
const KNOWN_CLIENT = 'login-known:';

/** What the limits need: where the counts live, the limits, the log, and who is asking. */
export interface RateLimiter {
  /** Counts run on its connection, outside any transaction of the caller's. */
  em: EntityManager;
  limits: Config['rateLimits'];
  log: Logger;
  ip: string;
  traceId: string;
}

/** The limiter for one caller of this process (a GraphQL request, an upload). */
export function rateLimiter(app: AppServices, ip: string, traceId: string): RateLimiter {
  return { em: app.orm.em, limits: app.config.rateLimits, log: app.log, ip, traceId };
}

interface Counter {
  key: string;
  windowSeconds: number;
}

/**
 * Counts one hit of each counter in its current window and returns, in the same order, the counts
 * and seconds to each window's end. One atomic statement on the database clock, so every instance
 * shares one count.
 */
async function hit(limiter: RateLimiter, counters: Counter[]): Promise<{ hits: number; retryAfterSeconds: number }[]> {
  const connection = limiter.em.getConnection();
  const rows: { key: string; hits: number; retry_after: number }[] = await connection.execute(
    `with counter (key, secs) as (values ${counters.map(() => '(?::varchar, ?::int)').join(', ')}),
     counted as (
       insert into rate_limit (key, window_start, hits)
       select key, to_timestamp(floor(extract(epoch from clock_timestamp()) / secs) * secs), 1 from counter
       on conflict (key) do update
         set hits = case when rate_limit.window_start = excluded.window_start then rate_limit.hits + 1 else 1 end,
             window_start = excluded.window_start
       returning key, hits, window_start)
     select key, hits, greatest(1, ceil(extract(epoch from window_start + make_interval(secs => secs) - clock_timestamp())))::int as retry_after
     from counted join counter using (key)`,
    counters.flatMap(({ key, windowSeconds }) => [key, windowSeconds]),
  );
  if (++hitsSinceSweep >= SWEEP_EVERY) {
    hitsSinceSweep = 0;
    await sweep(limiter);
  }
  return counters.map(({ key }) => {
    const row = rows.find((counted) => counted.key === key)!;
    return { hits: row.hits, retryAfterSeconds: row.retry_after };
  });
}

/** Deletes rows whose window (or, for known clients, whose memory) is over. */
async function sweep(limiter: RateLimiter): Promise<void> {
  const { windowSeconds, login } = limiter.limits;
  const shortest = Math.min(windowSeconds, login.accountWindowSeconds, login.knownClientSeconds);
  // The first bound lets the window_start index find the candidates; the second is each row's own.
  await limiter.em.getConnection().execute(
    `delete from rate_limit
     where window_start < clock_timestamp() - make_interval(secs => ?)
       and window_start < clock_timestamp() - make_interval(secs => case
             when starts_with(key, ?) then ? when starts_with(key, ?) then ? else ? end)`,
    [shortest, KNOWN_CLIENT, login.knownClientSeconds, ACCOUNT_FAILURES, login.accountWindowSeconds, windowSeconds],
  );
}

async function limit(limiter: RateLimiter, action: LimitedAction, scope: 'ip' | 'account', subject: string): Promise<void> {
  const { windowSeconds, [action]: limits } = limiter.limits as { windowSeconds: number } & Record<LimitedAction, RateLimit>;
  const max = scope === 'ip' ? limits.perIp : limits.perAccount;
  const { hits, retryAfterSeconds } = (await hit(limiter, [{ key: `${action}:${scope}:${subject}`, windowSeconds }]))[0]!;
  if (hits > max) {
    limiter.log.warn({ traceId: limiter.traceId, action, scope, ip: limiter.ip }, 'rate limit reached');
    throw rateLimited(retryAfterSeconds, `Too many ${action} attempts; try again in ${retryAfterSeconds} seconds`);
  }
}

/**
 * Counts one attempt at `action` from the caller's IP; throws RATE_LIMITED over the limit. Called
 * inside the service, so every alias in one request counts.
 */
export function limitByIp(limiter: RateLimiter, action: LimitedAction): Promise<void> {
  return limit(limiter, action, 'ip', limiter.ip);
}

/** Counts one attempt at `action` against one account (a user id, or the name a client tried). */
export function limitByAccount(limiter: RateLimiter, action: Exclude<LimitedAction, 'login'>, account: string): Promise<void> {
  return limit(limiter, action, 'account', account.toLowerCase());
}

/**
 * The login counters' subject for an identifier no account has. Hashed: people type passwords
 * into the username field, and an email of any length must fit the key column.
 */
export function unknownAccount(normalisedIdentifier: string): string {
  return `unknown-${createHash('sha256').update(normalisedIdentifier).digest('base64url')}`;
}

export interface LoginAttempt {
  /**
   * The account is over a failure limit for this client: the attempt must fail even with the right
   * password, and look exactly like a wrong one (an answer of its own would tell which identifiers
   * share an account, and confirm a guess).
   */
  readonly refused: boolean;
  /** For a right password that was not refused: takes back the failure it was counted as, and remembers this client. */
  succeeded(): Promise<void>;
}

/**
 * Counts a login attempt against `account` (a user id, or `unknownAccount(...)`) as a failure up
 * front, so concurrent guesses cannot all slip under the limit; `succeeded` takes it back. Runs the
 * same statements whether the account exists or not. The per-address limit is `limitByIp`.
 */
export async function beginLogin(limiter: RateLimiter, account: string): Promise<LoginAttempt> {
  const { windowSeconds, login: limits } = limiter.limits;
  const client: Counter = { key: `login-fail:acct-ip:${account}:${limiter.ip}`, windowSeconds };
  const overall: Counter = { key: `${ACCOUNT_FAILURES}${account}`, windowSeconds: limits.accountWindowSeconds };
  const knownClientKey = `${KNOWN_CLIENT}${account}:${limiter.ip}`;
  const [fromClient, fromEveryone] = await hit(limiter, [client, overall]);
  const known = await isKnownClient(limiter, knownClientKey);
  const overClientLimit = fromClient!.hits > limits.perAccountAndIp;
  const overAccountLimit = fromEveryone!.hits > limits.perAccount && !known;
  if (overClientLimit || overAccountLimit) {
    const scope = overClientLimit ? 'account-and-ip' : 'account';
    limiter.log.warn({ traceId: limiter.traceId, action: 'login', scope, ip: limiter.ip }, 'login refused: too many failures');
  }
  return {
    refused: overClientLimit || overAccountLimit,
    succeeded: () => forgive(limiter, [client, overall], knownClientKey),
  };
}

async function isKnownClient(limiter: RateLimiter, key: string): Promise<boolean> {
  const rows: { known: boolean }[] = await limiter.em
    .getConnection()
    .execute(`select exists (select 1 from rate_limit where key = ? and window_start > clock_timestamp() - make_interval(secs => ?)) as known`, [
      key,
      limiter.limits.login.knownClientSeconds,
    ]);
  return rows[0]!.known;
}

/**
 * Un-counts the attempt (only in the window it was counted in: a newer window never held it) and
 * records the sign-in time of this client, which `window_start` holds for known-client rows.
 */
async function forgive(limiter: RateLimiter, counters: Counter[], knownClientKey: string): Promise<void> {
  await limiter.em.getConnection().execute(
    `with counter (key, secs) as (values ${counters.map(() => '(?::varchar, ?::int)').join(', ')}),
     refunded as (
       update rate_limit set hits = rate_limit.hits - 1
       from counter
       where rate_limit.key = counter.key and rate_limit.hits > 0
         and rate_limit.window_start = to_timestamp(floor(extract(epoch from clock_timestamp()) / counter.secs) * counter.secs))
     insert into rate_limit (key, window_start, hits) values (?, clock_timestamp(), 1)
     on conflict (key) do update set window_start = excluded.window_start, hits = rate_limit.hits + 1`,
    [...counters.flatMap(({ key, windowSeconds }) => [key, windowSeconds]), knownClientKey],
  );
}
