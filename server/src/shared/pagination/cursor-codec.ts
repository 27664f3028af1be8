import type { GraphQLError } from 'graphql';
import { badInput } from '../errors.js';
import { isEntityId } from '../validation.js';

/**
 * The one keyset cursor codec. A keyset cursor is text in base64url, opaque to clients: the
 * sort-key values of a page's last row as a JSON array (the format MikroORM's `Cursor` writes too,
 * so its cursors and ours decode alike). Event cursors are log positions (events/cursor.ts). A client can send any bytes, so every value is checked against its kind
 * before it is bound into SQL: a value the database cannot read (a null, the year 10000, text with
 * NUL) is the client's mistake, not ours.
 */
export type CursorValueKind = 'timestamp' | 'uuid' | 'number' | 'text';

// Exactly what Date#toISOString writes; years beyond 9999 use a sign and six digits, refused here.
const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// The longest text sort key (a username) is 32 characters; anything far longer is not ours.
const MAX_TEXT_VALUE = 256;

function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_INSTANT.exec(value);
  // PostgreSQL has no year 0; a round trip refuses 2030-02-30 and other dates JS would roll over.
  return match !== null && Number(match[1]) >= 1 && new Date(value).toISOString() === value;
}

const valueIs: Record<CursorValueKind, (value: unknown) => boolean> = {
  timestamp: isInstant,
  uuid: (value) => typeof value === 'string' && isEntityId(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  // PostgreSQL refuses NUL in text.
  text: (value) => typeof value === 'string' && value.length <= MAX_TEXT_VALUE && !value.includes('\u0000'),
};

export function invalidCursor(field = 'after', why = 'is not a valid cursor'): GraphQLError {
  return badInput({ [field]: why }, `Invalid ${field}: ${why}`);
}

/** Wraps a cursor's text; clients see only this. */
export function toCursor(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** A cursor's text, to be checked by its format's parser: any string decodes to some text. */
export function cursorText(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** Dates are written as Date#toISOString (JSON.stringify calls it), as MikroORM's `Cursor` does. */
export function encodeKeyset(values: readonly unknown[]): string {
  return toCursor(JSON.stringify(values));
}

/** The cursor's values, one per kind and each of its kind, or BAD_USER_INPUT naming `field`. */
export function decodeKeyset(cursor: string, kinds: readonly CursorValueKind[], field = 'after'): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(cursorText(cursor));
  } catch {
    throw invalidCursor(field);
  }
  if (!Array.isArray(values) || values.length !== kinds.length || !kinds.every((kind, i) => valueIs[kind](values[i]))) {
    throw invalidCursor(field);
  }
  return values;
}
