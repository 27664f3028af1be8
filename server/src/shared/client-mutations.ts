import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError, badInput } from './errors.js';
import { checkText, type FieldErrors } from './validation.js';

export const CLIENT_MUTATION_ID_MAX = 64;

/** The description every creating input gives its `clientMutationId` (API.md). */
export const CLIENT_MUTATION_ID_DESCRIPTION =
  `Optional, 1 to ${CLIENT_MUTATION_ID_MAX} characters, chosen by the client (a UUID, say) to make retries safe: ` +
  'a call with an id this user has already sent returns what the first call created and creates nothing. ' +
  'When that object has since been deleted the retry is NOT_FOUND (it is not created again); ' +
  'an id already used for another kind of object is BAD_USER_INPUT.';

/** The rule for `clientMutationId`, like every free-text field's: checked before anything is written. */
export function clientMutationIdRule(errors: FieldErrors, raw: string | null | undefined): string | null {
  if (raw == null) return null;
  checkText(errors, 'clientMutationId', raw, { required: true, max: CLIENT_MUTATION_ID_MAX });
  return raw;
}

export interface ClientMutationKey {
  userId: string;
  /** Null when the client sent none: then every call creates. */
  clientMutationId: string | null;
  /** The aggregate type of what is created (`Task`, `Tweet`...), as its domain events name it. */
  aggregateType: string;
}

export interface CreatedOnce<T> {
  object: T;
  /** True when an earlier call with the same id created `object`. */
  replayed: boolean;
}

/**
 * Runs `create` at most once per (user, clientMutationId); must run inside the creating
 * transaction, before it writes anything. The claim is the first write: a concurrent call with the
 * same id waits on its unique key until this transaction ends, then finds the finished claim (or,
 * if this one rolled back, claims it itself) — so exactly one object and one event, ever.
 * A repeated call gets the first object from `findCreated`.
 */
export async function createOnce<T extends { id: string }>(
  tx: EntityManager,
  key: ClientMutationKey,
  create: () => Promise<T>,
  findCreated: (id: string) => Promise<T | null>,
): Promise<CreatedOnce<T>> {
  if (key.clientMutationId == null) return { object: await create(), replayed: false };
  const claimed = await tx.execute(
    `insert into client_mutation (user_id, client_mutation_id, aggregate_type) values (?, ?, ?)
     on conflict do nothing returning user_id`,
    [key.userId, key.clientMutationId, key.aggregateType],
  );
  if (claimed.length) {
    const object = await create();
    await tx.execute(`update client_mutation set aggregate_id = ? where user_id = ? and client_mutation_id = ?`, [
      object.id,
      key.userId,
      key.clientMutationId,
    ]);
    return { object, replayed: false };
  }
  const [first] = await tx.execute<{ aggregate_type: string; aggregate_id: string }[]>(
    `select aggregate_type, aggregate_id from client_mutation where user_id = ? and client_mutation_id = ?`,
    [key.userId, key.clientMutationId],
  );
  if (!first) throw new Error('client_mutation claim vanished while its conflict was reported');
  if (first.aggregate_type !== key.aggregateType) {
    throw badInput({ clientMutationId: `was already used to create a ${first.aggregate_type}` });
  }
  const object = await findCreated(first.aggregate_id);
  if (!object) throw apiError('NOT_FOUND', `The ${first.aggregate_type} created with this clientMutationId has been deleted since`);
  return { object, replayed: true };
}
