import type { EntityManager, EntityName, EntityProperty, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { type CursorValueKind, decodeKeyset } from './cursor-codec.js';
import { badInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

// Connections are plain data (no middleware on any field): graphql-jit reads their fields inline.
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when a client asks for `totalCount`. */
  readonly totalCount: number | Promise<number>;
  /** Lists with a live stream: where to subscribe from (events/stream-cursor.ts). */
  streamCursor?: string;
}

/**
 * Builds the Relay connection type for a node class: `XxxConnection { edges { cursor node } pageInfo
 * totalCount }`, plus `streamCursor` for lists that have a live stream.
 */
export function ConnectionType<T extends object>(Node: ClassType<T>, options: { streamed?: boolean } = {}) {
  @ObjectType(`${Node.name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType()
  abstract class Connection {
    @Field(() => [Edge], { simple: true })
    edges!: Edge[];

    @Field(() => PageInfo, { simple: true })
    pageInfo!: PageInfo;

    // Not simple: a getter that may return a promise, which graphql-jit awaits only from a resolver.
    @Field(() => Int)
    totalCount!: number;
  }

  if (!options.streamed) return Connection;

  @ObjectType()
  abstract class StreamedConnection extends Connection {
    @Field({
      simple: true,
      description:
        'Subscribe with `after:` this to miss no change committed after this page was read (changes already in the page may come again: drop them by `version`).',
    })
    streamCursor!: string;
  }
  return StreamedConnection;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput({ first: 'must be a non-negative integer' });
  if (first > MAX_PAGE_SIZE) throw badInput({ first: `must be at most ${MAX_PAGE_SIZE}` });
  return first;
}

function keysetKind(property: EntityProperty | undefined): CursorValueKind {
  if (property?.runtimeType === 'Date') return 'timestamp';
  if (property?.type === 'uuid') return 'uuid';
  if (property?.runtimeType === 'number') return 'number';
  return 'text';
}

/** Refuses a cursor unless it holds one value of the right kind per sort key; MikroORM then decodes it again. */
function checkCursor<T extends object>(em: EntityManager, entity: EntityName<T>, orderBy: QueryOrderMap<T>, after: string): string {
  const properties = em.getMetadata(entity).properties as Record<string, EntityProperty>;
  decodeKeyset(after, Object.keys(orderBy).map((key) => keysetKind(properties[key])));
  return after;
}

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
  const after = args.after ? checkCursor(em, entity, orderBy, args.after) : undefined;
  const page = await em.findByCursor(entity, whereFor(), { first, after, orderBy: orderBy as never, includeCount: false });
  return {
    edges: page.items.map((node) => ({ cursor: page.from(node), node: node as T })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    get totalCount() {
      return em.fork().count(entity, whereFor());
    },
  };
}
