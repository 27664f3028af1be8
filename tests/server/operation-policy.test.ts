import { readdirSync, readFileSync } from 'node:fs';
import { type GraphQLSchema, Kind, parse } from 'graphql';
import { beforeAll, describe, expect } from 'vitest';
import { OPERATION_LIMITS, operationCost } from '../../server/src/app/operation-limits.js';
import { chorusSchema } from '../../server/src/app/schema.js';
import { MAX_PAGE_SIZE } from '../../server/src/shared/pagination/index.js';
import type { TestServer, TestUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { rawSocket } from '../helpers/raw-ws.js';

/** Production (introspection off) runs every row but the trusted-documents one, which needs a manifest. */
const it = chorusTest({
  env: { NODE_ENV: 'production', LOG_LEVEL: 'silent' },
  // The client's own manifest (the default TRUSTED_DOCUMENTS_MANIFEST): the table's documents are not in it.
  peer: { env: { TRUSTED_DOCUMENTS: 'enforce', LOG_LEVEL: 'silent' } },
});

const repeat = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i)).join(' ');
/** Issue 13's document: every user's every tweet with its author, fifteen times over. */
const usersTweets = (first: string) =>
  `a: users(first: ${first}) { edges { node { tweets(first: ${first}) { edges { node { id body author { id username name bio } } } } } } }`;
const fifteenTimes = (first: string) => repeat(OPERATION_LIMITS.maxAliases, (i) => usersTweets(first).replace(/^a:/, `a${i}:`));

interface Row {
  name: string;
  /** The fixture the row runs on: production (`server`), or `peer`, which enforces trusted documents. */
  on: 'server' | 'peer';
  query: string;
  variables?: Record<string, unknown>;
  code: string;
  message: RegExp;
}

const ROWS: Row[] = [
  {
    name: 'depth',
    on: 'server',
    query: `{ me { tweets { edges { node { author { tweets { edges { node { author { tweets { edges { node { id } } } } } } } } } } } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /depth limit of 10 exceeded/i,
  },
  {
    name: 'aliases',
    on: 'server',
    query: `{ ${repeat(OPERATION_LIMITS.maxAliases + 1, (i) => `a${i}: apiInfo { version }`)} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /aliases limit of 15 exceeded/i,
  },
  {
    name: 'directives',
    on: 'server',
    query: `{ ${repeat(OPERATION_LIMITS.maxDirectives + 1, (i) => `f${i}: __typename @include(if: true)`)} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /directives limit of 20 exceeded/i,
  },
  {
    name: 'tokens',
    on: 'server',
    query: `{ ${'__typename '.repeat(OPERATION_LIMITS.maxTokens)}}`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /more th[ae][nt] 2000 tokens/i,
  },
  {
    name: 'cost with literal page sizes',
    on: 'server',
    query: `{ ${fifteenTimes('100')} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /cost limit of 20000 exceeded/i,
  },
  {
    name: 'cost with page sizes from variables',
    on: 'server',
    query: `query ($n: Int) { ${fifteenTimes('$n')} }`,
    variables: { n: 100 },
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /cost limit of 20000 exceeded/i,
  },
  {
    name: "cost with page sizes from a variable's default",
    on: 'server',
    query: `query ($n: Int = 100) { ${fifteenTimes('$n')} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /cost limit of 20000 exceeded/i,
  },
  {
    name: 'cost with the default page size (no `first`)',
    on: 'server',
    query: `{ users { edges { node { tweets { edges { node { id body author { id username } } } } } } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /cost limit of 20000 exceeded/i,
  },
  {
    name: 'introspection in production',
    on: 'server',
    query: '{ __schema { queryType { name } } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection/i,
  },
  {
    name: 'unknown trusted document',
    on: 'peer',
    query: '{ apiInfo { version commit } }',
    code: 'FORBIDDEN',
    message: /not trusted/i,
  },
];

interface Refusal {
  message: string;
  extensions: Record<string, unknown>;
}

async function overHttp(server: TestServer, user: TestUser, query: string, variables?: Record<string, unknown>) {
  return server.graphql(query, variables, user.accessToken);
}

/** The first answer on a fresh socket: the `error` message's payload, or what a `next` carried. */
async function overWebsocket(server: TestServer, user: TestUser, query: string, variables?: Record<string, unknown>) {
  const socket = await rawSocket(server.wsUrl);
  try {
    await socket.init({ authorization: `Bearer ${user.accessToken}` });
    socket.send({ id: '1', type: 'subscribe', payload: { query, variables } });
    const answer = await socket.message((message) => message.id === '1' && (message.type === 'error' || message.type === 'next'));
    return answer.type === 'error' ? { errors: answer.payload as Refusal[] } : { data: answer.payload.data, errors: answer.payload.errors as Refusal[] };
  } finally {
    socket.socket.close();
  }
}

describe('one operation policy: the same refusal over HTTP and the websocket', () => {
  it.for(ROWS)('refuses $name', async ({ on, query, variables, code, message }, { server, peer, alice }) => {
    const instance = { server, peer }[on];
    const http = await overHttp(instance, alice, query, variables);
    expect(http.data ?? null).toBeNull();
    expect(http.errors?.[0]?.extensions?.code).toBe(code);
    expect(http.errors?.[0]?.message).toMatch(message);

    const ws = await overWebsocket(instance, alice, query, variables);
    expect(ws).not.toHaveProperty('data');
    const refusals = (errors: readonly Refusal[] | undefined) => errors?.map((error) => ({ message: error.message, code: error.extensions?.code }));
    expect(refusals(ws.errors)).toEqual(refusals(http.errors as Refusal[]));
  });

  it('runs the same shapes within the limits, with small pages from variables, on both transports', async ({ server, alice }) => {
    const query = `query ($n: Int) { ${fifteenTimes('$n')} }`;
    for (const transport of [overHttp, overWebsocket]) {
      const small = await transport(server, alice, query, { n: 2 });
      expect(small.errors).toBeUndefined();
      expect(small.data).toHaveProperty('a14.edges');
    }
  });
});

describe('operationCost', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await chorusSchema();
  });
  const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
    operationCost(schema, parse(query), operationName, variables);
  const PAGE = (first: string) => `users${first} { edges { node { id tweets(first: 3) { totalCount } } } }`;

  it('counts a page size the same whether literal, from a variable or from its default', () => {
    const literal = cost(`{ ${PAGE('(first: 40)')} }`);
    expect(cost(`query ($n: Int) { ${PAGE('(first: $n)')} }`, { n: 40 })).toBe(literal);
    expect(cost(`query ($n: Int = 40) { ${PAGE('(first: $n)')} }`)).toBe(literal);
    expect(cost(`query ($n: Int = 5) { ${PAGE('(first: $n)')} }`, { n: 40 })).toBe(literal);
    expect(cost(`query ($n: Int) { ${PAGE('(first: $n)')} }`, { n: 80 })).toBeGreaterThan(literal!);
  });

  it("counts an absent, null or unset `first` as the server's default page size, and never more than its largest page", () => {
    const byDefault = cost(`{ ${PAGE('(first: 20)')} }`);
    expect(cost(`{ ${PAGE('')} }`)).toBe(byDefault);
    expect(cost(`{ ${PAGE('(first: null)')} }`)).toBe(byDefault);
    expect(cost(`query ($n: Int) { ${PAGE('(first: $n)')} }`, {})).toBe(byDefault);
    // Over the largest page the resolver refuses it (BAD_USER_INPUT); the cost is what could run.
    expect(cost(`{ ${PAGE(`(first: ${MAX_PAGE_SIZE * 1000})`)} }`)).toBe(cost(`{ ${PAGE(`(first: ${MAX_PAGE_SIZE})`)} }`));
  });

  it('costs a fragment what its fields cost in place, and only the operation that runs', () => {
    const inline = cost(`{ ${PAGE('')} }`);
    expect(cost(`fragment F on User { id tweets(first: 3) { totalCount } } { users { edges { node { ...F } } } }`)).toBe(inline);
    expect(cost(`{ users { edges { node { ... on User { id tweets(first: 3) { totalCount } } } } } }`)).toBe(inline);
    const two = `query Cheap { apiInfo { version } } query Dear { ${PAGE('(first: 100)')} }`;
    expect(cost(two, {}, 'Cheap')).toBeLessThan(cost(two, {}, 'Dear')!);
    expect(cost(two, {}, 'Missing')).toBeUndefined();
  });
});

describe("the client's and the SDK's own operations", () => {
  const manifest = JSON.parse(readFileSync('client/src/gql/persisted-documents.json', 'utf8')) as Record<string, string>;
  // The SDK's fragments are shared across its files: one document, like codegen's.
  const sdk = readdirSync('sdk/operations')
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => readFileSync(`sdk/operations/${file}`, 'utf8'))
    .join('\n');
  const documents = [...Object.values(manifest).map((text) => ['client', text] as const), ['sdk', sdk] as const];

  it('all stay under the cost limit with every page at its largest size', async () => {
    const schema = await chorusSchema();
    const costs: Record<string, number | undefined> = {};
    for (const [origin, text] of documents) {
      const document = parse(text);
      for (const operation of document.definitions) {
        if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
        // Every Int the operations take is a page size (checked here, so a new one is noticed).
        const variables: Record<string, unknown> = {};
        for (const definition of operation.variableDefinitions ?? []) {
          const type = definition.type.kind === Kind.NON_NULL_TYPE ? definition.type.type : definition.type;
          if (type.kind === Kind.NAMED_TYPE && type.name.value === 'Int') {
            expect(definition.variable.name.value).toMatch(/first$/i);
            variables[definition.variable.name.value] = MAX_PAGE_SIZE;
          }
        }
        costs[`${origin} ${operation.name!.value}`] = operationCost(schema, document, operation.name!.value, variables);
      }
    }
    expect(Object.keys(costs).length).toBeGreaterThan(40);
    const over = Object.entries(costs).filter(([, cost]) => cost === undefined || cost > OPERATION_LIMITS.maxCost);
    expect(over).toEqual([]);
    // Paged lists are among them: the check sees their pages.
    expect(costs['client Tweets']).toBeGreaterThan(OPERATION_LIMITS.maxCost / 4);
  });
});
