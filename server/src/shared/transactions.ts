import { DeadlockException, ForeignKeyConstraintViolationException, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, notFound, unauthenticated } from './errors.js';

export interface TransactionOptions {
  /** What a unique-constraint violation means for this operation. */
  onDuplicate?: (constraint: string) => Error;
  /**
   * The client sent no `expectedVersion`, so it asked for last-write-wins (API.md): a lost
   * optimistic-lock race re-runs `work` on fresh rows instead of answering CONFLICT.
   */
  lastWriteWins?: boolean;
}

/** Enough for any realistic pile-up on one row; past it the caller hears CONFLICT rather than waiting on. */
const MAX_ATTEMPTS = 25;

/**
 * Runs `work` in one transaction on a fork of `em`. A lost optimistic-lock race becomes CONFLICT
 * (or a retry, with `lastWriteWins`).
 */
export async function inTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.transactional((tx) => work(tx as EntityManager));
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        if (options.lastWriteWins && attempt < MAX_ATTEMPTS) {
          // Jitter spreads the racers so that each retry round lets one of them through.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
          // The lost attempt may have left its stale rows in the request's identity map.
          em.clear();
          continue;
        }
        throw conflict('It was changed by someone else; reload and try again');
      }
      // PostgreSQL rolled the whole transaction back to break a deadlock: running it again is safe.
      if (error instanceof DeadlockException && attempt < MAX_ATTEMPTS) {
        em.clear();
        continue;
      }
      // What the write points at was deleted meanwhile: the acting account (every reference to a
      // user is the viewer's own) or the object it acted on.
      if (error instanceof ForeignKeyConstraintViolationException) {
        const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1] ?? '';
        if (/_(owner|author|user)_id_foreign$/.test(constraint)) throw unauthenticated('Your account no longer exists');
        throw notFound('What this refers to');
      }
      if (error instanceof UniqueConstraintViolationException && options.onDuplicate) {
        const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1] ?? '';
        throw options.onDuplicate(constraint);
      }
      throw error;
    }
  }
}
