import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict } from './errors.js';

/**
 * Runs `work` in one transaction on a fork of `em`. A lost optimistic-lock race becomes CONFLICT;
 * `onDuplicate` names what a unique-constraint violation means for this operation.
 */
export async function inTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
  onDuplicate?: (constraint: string) => Error,
): Promise<T> {
  try {
    return await em.transactional((tx) => work(tx as EntityManager));
  } catch (error) {
    if (error instanceof OptimisticLockError) throw conflict('It was changed by someone else; reload and try again');
    if (error instanceof UniqueConstraintViolationException && onDuplicate) {
      const constraint = /constraint "([^"]+)"/.exec(error.message)?.[1] ?? '';
      throw onDuplicate(constraint);
    }
    throw error;
  }
}
