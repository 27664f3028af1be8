import { badInput } from '../shared/errors.js';

/** A position in the event log: the writer's transaction id, then the row id. */
export interface EventPosition {
  xactId: bigint;
  id: bigint;
}

export const START_OF_LOG: EventPosition = { xactId: 0n, id: 0n };

/**
 * SQL for the oldest transaction still running. Every event whose `xact_id` is below it has
 * committed or never will, and any later commit has a larger `xact_id`: reading only below it, in
 * (xact_id, id) order, nothing can appear behind a reader's position (DESIGN.md, "Ordering pitfall").
 */
export const LOG_HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

export function encodeCursor(position: EventPosition): string {
  return Buffer.from(`ev1:${position.xactId}:${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): EventPosition {
  const match = /^ev1:(\d{1,20}):(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput({ [field]: 'is not a valid event cursor' });
  return { xactId: BigInt(match[1]!), id: BigInt(match[2]!) };
}

export function isAfter(a: EventPosition, b: EventPosition): boolean {
  return a.xactId > b.xactId || (a.xactId === b.xactId && a.id > b.id);
}
