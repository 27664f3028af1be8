import { type ClassType, Field, Int, ObjectType } from 'type-graphql';

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
