import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { ConnectionShape } from './connection.js';
import { entityKeyset, keysetAfter, keysetConnection, keysetCursor } from './keyset.js';
import { type PageArgs, pageSize } from './page-args.js';

/**
 * Keyset pagination over one entity; `orderBy` must end in a unique key so cursors are stable.
 * `where` may be a function: MikroORM `raw()` fragments can be used in one query only, and the
 * count needs a second one.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T> | (() => FilterQuery<T>),
  args: PageArgs,
  orderBy: QueryOrderMap<T>,
): Promise<ConnectionShape<T>> {
  const whereFor = typeof where === 'function' ? (where as () => FilterQuery<T>) : () => where;
  const first = pageSize(args.first);
  const keyset = entityKeyset(em, entity, orderBy);
  const after = args.after || undefined;
  // Refused here unless it holds one value of the right kind per sort key; MikroORM then decodes it again.
  if (after) keysetAfter(keyset, after);
  const page = await em.findByCursor(entity, whereFor(), { first, after, orderBy: orderBy as never, includeCount: false });
  return keysetConnection(
    { nodes: page.items as T[], hasNextPage: page.hasNextPage },
    (node) => keysetCursor(keyset, node),
    () => em.fork().count(entity, whereFor()),
  );
}
