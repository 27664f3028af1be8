import type { EntityManager } from '@mikro-orm/postgresql';
import { cursorText, invalidCursor } from '../shared/pagination/index.js';

/** A position in the event log: the writer's transaction id, then the row id. */
export interface EventPosition {
  xactId: bigint;
  id: bigint;
}

export const START_OF_LOG: EventPosition = { xactId: 0n, id: 0n };

/** SQL for the oldest transaction still running: the log is read only below it (docs/decisions/026-event-horizon.md). */
export const LOG_HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

/**
 * `ev2` and the two numbers in 16 hex digits each: cursors of the log are strings of one length that
 * sort in its order, so a client can drop an event older than the last one it took without reading
 * inside a cursor (docs/decisions/026-event-horizon.md).
 */
export function encodeCursor(position: EventPosition): string {
  return `ev2${hex16(position.xactId)}${hex16(position.id)}`;
}

const hex16 = (value: bigint) => value.toString(16).padStart(16, '0');

// xact_id is an xid8 (unsigned 64 bits), id a bigserial (signed 64 bits): larger numbers are no position.
const XID8_MAX = 2n ** 64n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;

const CURSOR = /^ev2([0-9a-f]{16})([0-9a-f]{16})$/;
// What versions before `ev2` handed out (base64url of `ev1:<xact>:<id>`): clients may have kept one.
const LEGACY_CURSOR = /^ev1:(\d{1,20}):(\d{1,20})$/;

export function decodeCursor(cursor: string, field = 'after'): EventPosition {
  const current = CURSOR.exec(cursor);
  const legacy = current ? null : LEGACY_CURSOR.exec(cursorText(cursor));
  const position = current
    ? { xactId: BigInt(`0x${current[1]}`), id: BigInt(`0x${current[2]}`) }
    : legacy
      ? { xactId: BigInt(legacy[1]!), id: BigInt(legacy[2]!) }
      : null;
  if (!position || position.xactId > XID8_MAX || position.id > BIGINT_MAX) throw invalidCursor(field, 'is not a valid event cursor');
  return position;
}

/**
 * A position no event can follow yet — a transaction id not yet handed out, or a row id the
 * sequence never gave — was not made by us; a stream from it would wait in silence, perhaps for
 * ever. One statement: the snapshot's xmax is the first unassigned transaction id.
 */
const PAST_HEAD = `select ?::text::xid8 >= pg_snapshot_xmax(pg_current_snapshot())
  or ?::bigint > coalesce(pg_sequence_last_value(pg_get_serial_sequence('domain_event', 'id')::regclass), 0) as past_head`;

/** `decodeCursor`, and refused as well when the position lies beyond the head of the log. */
export async function decodeLogCursor(em: EntityManager, cursor: string, field = 'after'): Promise<EventPosition> {
  const position = decodeCursor(cursor, field);
  const [row] = await em.getConnection().execute<{ past_head: boolean }[]>(PAST_HEAD, [position.xactId.toString(), position.id.toString()]);
  if (row?.past_head) throw invalidCursor(field, 'is past the newest event');
  return position;
}

export function isAfter(a: EventPosition, b: EventPosition): boolean {
  return a.xactId > b.xactId || (a.xactId === b.xactId && a.id > b.id);
}
