import 'reflect-metadata';
import { execute, type GraphQLObjectType, type GraphQLSchema, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledOperations } from '../../server/src/app/compiled-execution.js';
import { chorusSchema } from '../../server/src/app/schema.js';

const build = { version: '1.2.3', commit: 'abc', buildTime: new Date('2026-01-01T00:00:00Z'), startedAt: new Date('2026-01-02T00:00:00Z') };
const context = { app: { config: { build } }, viewer: null };

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await chorusSchema();
});

function operationOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  return { document, operation };
}

describe('compiled execution (graphql-jit behind Apollo)', () => {
  it('answers as graphql-js does, compiling each operation once', async () => {
    const operations = new CompiledOperations(schema);
    const { document, operation } = operationOf('{ apiInfo { version commit buildTime startedAt } }');
    const first = await operations.execute('hash-1:', document, operation, undefined, context, undefined);
    const again = await operations.execute('hash-1:', document, operation, undefined, context, undefined);
    // As sent: graphql-js builds its objects without a prototype, graphql-jit with one.
    const wire = (result: unknown) => JSON.parse(JSON.stringify(result));
    const interpreted = wire(await execute({ schema, document, contextValue: context }));
    expect(wire(first)).toEqual(interpreted);
    expect(wire(again)).toEqual(interpreted);
    expect(wire(first).data).toEqual({ apiInfo: { version: '1.2.3', commit: 'abc', buildTime: '2026-01-01T00:00:00.000Z', startedAt: '2026-01-02T00:00:00.000Z' } });
    expect(operations.cachedCount).toBe(1);
  });

  it('keeps a bounded number of compiled operations, dropping the least recently used', async () => {
    const operations = new CompiledOperations(schema, 2);
    const { document, operation } = operationOf('{ apiInfo { version } }');
    for (const key of ['a', 'b', 'a', 'c']) await operations.execute(key, document, operation, undefined, context, undefined);
    expect(operations.cachedCount).toBe(2);
  });

  it("refuses bad variables with graphql-js's errors, which name the variable (Apollo's BAD_USER_INPUT)", async () => {
    const operations = new CompiledOperations(schema);
    const { document, operation } = operationOf('query ($id: ID!) { tweet(id: $id) { id } }');
    const result = await operations.execute('hash-2:', document, operation, undefined, context, { id: { not: 'an id' } });
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(/^Variable "\$id" got invalid value/);
    expect(result.errors![0]!.nodes?.[0]?.kind).toBe(Kind.VARIABLE_DEFINITION);
  });

  it('runs on graphql-js what graphql-jit cannot compile', async () => {
    const operations = new CompiledOperations(schema);
    const { document, operation } = operationOf('query Info { apiInfo { version } }');
    // graphql-jit refuses an operation name the document lacks; graphql-js answers with its own error.
    const result = await operations.execute('hash-3:Other', document, operation, 'Other', context, undefined);
    expect(result.errors![0]!.message).toBe('Unknown operation named "Other".');
    expect(operations.cachedCount).toBe(1);
  });
});

describe('the hot types (W1, W2)', () => {
  it('have no resolver on plain fields: graphql-jit reads them inline; field resolvers stay', () => {
    const fieldsOf = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();
    for (const [type, field] of [['ApiInfo', 'version'], ['Tweet', 'body'], ['User', 'username'], ['TweetEdge', 'cursor'], ['TweetConnection', 'edges'], ['PageInfo', 'endCursor']] as const) {
      expect(fieldsOf(type)[field]!.resolve, `${type}.${field}`).toBeUndefined();
    }
    expect(fieldsOf('Tweet').author!.resolve).toBeTypeOf('function');
    // A getter that may hold a promise: graphql-jit awaits it only through a resolver.
    expect(fieldsOf('TweetConnection').totalCount!.resolve).toBeTypeOf('function');
    expect(fieldsOf('User').email!.resolve).toBeTypeOf('function');
  });
});
