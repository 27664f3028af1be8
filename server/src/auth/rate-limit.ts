import type { RequestContext } from '../app/context.js';
import type { RateLimit } from '../config.js';
import { rateLimited } from '../shared/errors.js';

export type LimitedAction = 'login' | 'register' | 'refresh';

/** Stale rows (windows long over) are swept by every this-many-th hit of a process. */
const SWEEP_EVERY = 200;
let hitsSinceSweep = 0;

/**
 * Counts one hit of `key` in the current window and returns the count and seconds to the window's
 * end. One atomic statement on the database clock, so every instance shares one count.
 */
async function hit(context: RequestContext, key: string, windowSeconds: number): Promise<{ hits: number; retryAfterSeconds: number }> {
  const connection = context.app.orm.em.getConnection();
  const rows: { hits: number; retry_after: number }[] = await connection.execute(
    `insert into rate_limit (key, window_start, hits)
     values (?, to_timestamp(floor(extract(epoch from clock_timestamp()) / ?) * ?), 1)
     on conflict (key) do update
       set hits = case when rate_limit.window_start = excluded.window_start then rate_limit.hits + 1 else 1 end,
           window_start = excluded.window_start
     returning hits, greatest(1, ceil(extract(epoch from window_start + make_interval(secs => ?) - clock_timestamp())))::int as retry_after`,
    [key, windowSeconds, windowSeconds, windowSeconds],
  );
  if (++hitsSinceSweep >= SWEEP_EVERY) {
    hitsSinceSweep = 0;
    await connection.execute(`delete from rate_limit where window_start < clock_timestamp() - make_interval(secs => ?)`, [windowSeconds]);
  }
  return { hits: rows[0]!.hits, retryAfterSeconds: rows[0]!.retry_after };
}

async function limit(context: RequestContext, action: LimitedAction, scope: 'ip' | 'account', subject: string): Promise<void> {
  const { windowSeconds, [action]: limits } = context.app.config.rateLimits as { windowSeconds: number } & Record<LimitedAction, RateLimit>;
  const max = scope === 'ip' ? limits.perIp : limits.perAccount;
  const { hits, retryAfterSeconds } = await hit(context, `${action}:${scope}:${subject}`, windowSeconds);
  if (hits > max) {
    context.app.log.warn({ traceId: context.traceId, action, scope, ip: context.ip }, 'rate limit reached');
    throw rateLimited(retryAfterSeconds, `Too many ${action} attempts; try again in ${retryAfterSeconds} seconds`);
  }
}

/**
 * Counts one attempt at `action` from the caller's IP; throws RATE_LIMITED over the limit. Called
 * inside the service, so every alias in one request counts.
 */
export function limitByIp(context: RequestContext, action: LimitedAction): Promise<void> {
  return limit(context, action, 'ip', context.ip);
}

/** Counts one attempt at `action` against one account (a user id, or the name a client tried). */
export function limitByAccount(context: RequestContext, action: LimitedAction, account: string): Promise<void> {
  return limit(context, action, 'account', account.toLowerCase());
}
