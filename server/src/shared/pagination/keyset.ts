import type { EntityManager, EntityName, EntityProperty, QueryOrderMap } from '@mikro-orm/core';
import type { ConnectionShape } from './connection.js';
import { type CursorValueKind, decodeKeyset, encodeKeyset } from './cursor-codec.js';

/** A list's sort keys in order, each with the kind its cursor value must have; the last one is unique. */
export type Keyset<T> = readonly (readonly [key: keyof T & string, kind: CursorValueKind])[];

/** The cursor of a row: its sort-key values. */
export function keysetCursor<T>(keyset: Keyset<T>, node: T): string {
  return encodeKeyset(keyset.map(([key]) => node[key]));
}

/** The sort-key values an `after` cursor holds, each checked against its kind, or BAD_USER_INPUT. */
export function keysetAfter<T>(keyset: Keyset<T>, cursor: string, field = 'after'): unknown[] {
  return decodeKeyset(cursor, keyset.map(([, kind]) => kind), field);
}

function kindOf(property: EntityProperty | undefined): CursorValueKind {
  if (property?.runtimeType === 'Date') return 'timestamp';
  if (property?.type === 'uuid') return 'uuid';
  if (property?.runtimeType === 'number') return 'number';
  return 'text';
}

/** The keyset of an entity list sorted by `orderBy`, each key's kind read from the entity's metadata. */
export function entityKeyset<T extends object>(em: EntityManager, entity: EntityName<T>, orderBy: QueryOrderMap<T>): Keyset<T> {
  const properties = em.getMetadata(entity).properties as Record<string, EntityProperty>;
  return Object.keys(orderBy).map((key) => [key as keyof T & string, kindOf(properties[key])] as const);
}

/** The rows of a page, and whether another page follows. */
export interface KeysetPage<T> {
  nodes: T[];
  hasNextPage: boolean;
}

/** A page read with `limit first + 1`: the extra row only tells that a next page exists. */
export function overfetched<T>(rows: T[], first: number): KeysetPage<T> {
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
}

/**
 * The one connection builder: every paged list (ORM pages, the raw feed, batched first pages, the
 * event history) gives its page here. `totalCount` is called only when a client asks for it.
 */
export function keysetConnection<T>(page: KeysetPage<T>, cursorOf: (node: T) => string, totalCount: () => number | Promise<number>): ConnectionShape<T> {
  const edges = page.nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return totalCount();
    },
  };
}
