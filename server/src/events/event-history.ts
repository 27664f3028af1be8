import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { type ConnectionShape, keysetConnection, overfetched, pageSize, type PageArgs } from '../shared/pagination/index.js';
import { decodeLogCursor, encodeCursor, LOG_HORIZON, START_OF_LOG } from './cursor.js';
import { DomainEvent } from './domain-event.entity.js';

/**
 * The audit history in the streams' order, (writer's transaction id, row id), and only below the
 * log's horizon, as the relay reads it: ordered by row id, a poller that read id 11 would skip id 10
 * committed a moment later (DESIGN.md, "Ordering pitfall"). Edges carry the streams' cursor, so a
 * page's cursor can also start a subscription.
 */
export async function eventHistory(em: EntityManager, where: FilterQuery<DomainEvent>, args: PageArgs): Promise<ConnectionShape<DomainEvent>> {
  const first = pageSize(args.first);
  const after = args.after ? await decodeLogCursor(em, args.after) : START_OF_LOG;
  const belowHorizon = (alias: string) => `${alias}.xact_id < ${LOG_HORIZON}`;
  const rows = await em
    .createQueryBuilder(DomainEvent, 'e')
    .where(where)
    .andWhere(`(e.xact_id, e.id) > (?::text::xid8, ?::bigint)`, [after.xactId.toString(), after.id.toString()])
    .andWhere(belowHorizon('e'))
    .orderBy({ xactId: 'asc', id: 'asc' })
    .limit(first + 1)
    .getResult();
  return keysetConnection(
    overfetched(rows, first),
    (event) => encodeCursor({ xactId: BigInt(event.xactId), id: BigInt(event.id) }),
    () => em.fork().createQueryBuilder(DomainEvent, 'e').where(where).andWhere(belowHorizon('e')).getCount(),
  );
}
