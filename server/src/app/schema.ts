import { createPubSub } from '@graphql-yoga/subscription';
import { type GraphQLSchema, isObjectType, lexicographicSortSchema, printSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import type { Access } from '../auth/access.js';
import { authChecker } from '../auth/auth-checker.js';
import { EventsResolver } from '../events/events.resolver.js';
import { MODULES } from '../modules/index.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const RESOLVERS: NonEmptyArray<Function> = [EventsResolver, ...MODULES.flatMap((module) => module.resolvers)];

const ACCESS_VALUES: readonly Access[] = ['public', 'signed-in', 'admin'];

/** Root fields that carry no access marking: must be empty (deny by default). */
export function unmarkedRootFields(schema: GraphQLSchema): string[] {
  const unmarked: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root || !isObjectType(root)) continue;
    for (const field of Object.values(root.getFields())) {
      const access = (field.extensions as { access?: unknown } | undefined)?.access;
      if (!ACCESS_VALUES.includes(access as Access)) unmarked.push(`${root.name}.${field.name}`);
    }
  }
  return unmarked;
}

export function assertEveryRootFieldMarked(schema: GraphQLSchema): void {
  const unmarked = unmarkedRootFields(schema);
  if (unmarked.length) {
    throw new Error(`Root fields without @Public(), @SignedIn() or @AdminOnly(): ${unmarked.join(', ')}`);
  }
}

let built: Promise<GraphQLSchema> | undefined;

/** The one schema, built once per process (type-graphql metadata is global). */
export function chorusSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error',
    validate: false,
    // The contract's scalar is `DateTime` (ISO-8601), not type-graphql's default `DateTimeISO`.
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // Required by type-graphql; delivery goes through the event relay, not this pub/sub.
    pubSub: createPubSub(),
  }).then((schema) => {
    assertEveryRootFieldMarked(schema);
    return schema;
  });
  return built;
}

export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
