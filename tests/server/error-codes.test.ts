import { describe, expect } from 'vitest';
import { OPERATION_LIMITS } from '../../server/src/app/operation-limits.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';
import { type RawSocket, rawSocket } from '../helpers/raw-ws.js';

/** API.md's codes, and PERSISTED_QUERY_NOT_FOUND, which the README documents (Apollo Client's persisted-query link needs it). */
const CONTRACT = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
  'INTERNAL_SERVER_ERROR',
  'RESUME_REQUIRED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

interface Answer {
  status?: number;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const NUL = String.fromCharCode(0);
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';
const WRONG_PASSWORD = (other: TestUser) => ({ input: { usernameOrEmail: other.username, password: 'not the password' } });
const COSTLY = `query ($n: Int) { ${Array.from(
  { length: OPERATION_LIMITS.maxAliases },
  (_, i) => `a${i}: users(first: $n) { edges { node { tweets(first: $n) { edges { node { id body } } } } } }`,
).join(' ')} }`;

/** A document (and whom it runs as) that every transport can carry. */
interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  signedIn?: boolean;
  /** The instance that enforces trusted documents (the `peer` fixture) instead of the file's server. */
  enforced?: boolean;
}

/** Operations that fail in GraphQL itself, with the code each must answer, over HTTP and the websocket alike. */
const OPERATIONS: [string, Operation, string][] = [
  ['not signed in', { query: '{ tasks { totalCount } }', signedIn: false }, 'UNAUTHENTICATED'],
  ['an admin-only mutation', { query: `mutation { deleteUser(id: "${NO_SUCH_ID}") }` }, 'FORBIDDEN'],
  ['invalid input', { query: 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }', variables: { input: { title: '' } } }, 'BAD_USER_INPUT'],
  ['a NUL in a string', { query: 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }', variables: { input: { title: `a${NUL}b` } } }, 'BAD_USER_INPUT'],
  ['an unknown object', { query: `mutation { updateTask(id: "${NO_SUCH_ID}", input: { title: "x" }) { id } }` }, 'NOT_FOUND'],
  ['a username taken', { query: 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', variables: {} }, 'CONFLICT'],
  ['an unknown field', { query: '{ apiInfo { nope } }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['a parse error', { query: '{ apiInfo { version }' }, 'GRAPHQL_VALIDATION_FAILED'],
  ['over the cost limit through variables', { query: COSTLY, variables: { n: 100 } }, 'GRAPHQL_VALIDATION_FAILED'],
  ['a document not in the manifest (TRUSTED_DOCUMENTS=enforce)', { query: '{ apiInfo { version } }', enforced: true }, 'FORBIDDEN'],
  ['a malformed page cursor', { query: '{ tweets(after: "not a cursor") { totalCount } }' }, 'BAD_USER_INPUT'],
  ['a malformed event cursor', { query: '{ events(after: "not a cursor") { totalCount } }' }, 'BAD_USER_INPUT'],
  ['a page over 100', { query: '{ tweets(first: 101) { totalCount } }' }, 'BAD_USER_INPUT'],
  ['a variable of the wrong type', { query: 'query ($n: Int) { tweets(first: $n) { totalCount } }', variables: { n: 'ten' } }, 'BAD_USER_INPUT'],
  ['a required variable missing', { query: 'query ($id: ID!) { task(id: $id) { id } }' }, 'BAD_USER_INPUT'],
  ['an unknown operationName', { query: 'query A { apiInfo { version } }', operationName: 'B' }, 'BAD_USER_INPUT'],
  ['two operations and no operationName', { query: 'query A { apiInfo { version } } query B { apiInfo { version } }' }, 'BAD_USER_INPUT'],
];

/** Each operation's variables, filled in once the users exist (`other`: bob, whose username is taken). */
function variablesOf(name: string, operation: Operation, other: TestUser): Record<string, unknown> | undefined {
  if (name === 'a username taken') return { input: { username: other.username, email: `x${Date.now()}@example.com`, password: 'correct horse battery', name: 'X' } };
  return operation.variables;
}

function expectContractCodes(answer: Answer, expected: string) {
  expect(answer.errors.length, JSON.stringify(answer)).toBeGreaterThan(0);
  for (const error of answer.errors) {
    const code = String(error.extensions?.code);
    expect(CONTRACT.has(code), `${code}: ${error.message}`).toBe(true);
    if (code === 'BAD_USER_INPUT') expect(error.extensions?.fields, error.message).toEqual(expect.any(Object));
  }
  expect(answer.errors[0]!.extensions?.code, answer.errors[0]!.message).toBe(expected);
}

async function post(target: TestServer, body: string, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  const response = await fetch(target.url, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: { errors?: Answer['errors'] };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${response.status} is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, errors: parsed.errors ?? [] };
}

/** How an operation is sent: over HTTP, or over the websocket; signed in as alice unless it says not. */
type Send = (name: string, operation: Operation) => Promise<Answer>;

const it = chorusTest({
  // One login attempt per address and window: the second is RATE_LIMITED, whatever the transport.
  env: { LOG_LEVEL: 'silent', LOGIN_IP_RATE_LIMIT: '1' },
  peer: { env: { LOG_LEVEL: 'silent', TRUSTED_DOCUMENTS: 'enforce' } },
})
  /** TRUSTED_DOCUMENTS=allow over the client's own manifest, on the same database (`peer` enforces it). */
  .extend('allowed', { scope: 'file' }, async ({ server }, { onCleanup }) => {
    const instance = await startTestServer({ databaseUrl: server.databaseUrl, env: { LOG_LEVEL: 'silent', TRUSTED_DOCUMENTS: 'allow' } });
    onCleanup(() => instance.close());
    return instance;
  })
  .extend('over', { scope: 'file' }, ({ server, peer, alice, bob }, { onCleanup }): { HTTP: Send; websocket: Send } => {
    const targetOf = (operation: Operation) => (operation.enforced ? peer : server);
    const sockets = new Map<string, RawSocket>();
    onCleanup(() => {
      for (const socket of sockets.values()) socket.socket.close();
    });
    let nextId = 0;
    return {
      async HTTP(name, operation) {
        const token: Record<string, string> = operation.signedIn === false ? {} : { authorization: `Bearer ${alice.accessToken}` };
        const body = { query: operation.query, variables: variablesOf(name, operation, bob), operationName: operation.operationName };
        return post(targetOf(operation), JSON.stringify(body), token);
      },
      async websocket(name, operation) {
        const target = targetOf(operation);
        const signedIn = operation.signedIn !== false;
        const key = `${target.url} ${signedIn}`;
        let socket = sockets.get(key);
        if (!socket) {
          socket = await rawSocket(target.wsUrl);
          await socket.init(signedIn ? { authorization: `Bearer ${alice.accessToken}` } : {});
          sockets.set(key, socket);
        }
        const id = String(++nextId);
        const payload = { query: operation.query, variables: variablesOf(name, operation, bob), operationName: operation.operationName };
        socket.send({ id, type: 'subscribe', payload });
        const answer = await socket.message((message) => message.id === id && (message.type === 'error' || message.type === 'next'));
        return { errors: answer.type === 'error' ? answer.payload : (answer.payload.errors ?? []) };
      },
    };
  });

describe('every error answers a contract code, over HTTP and the websocket', () => {
  describe.each(['HTTP', 'websocket'] as const)('%s', (transport) => {
    it.for(OPERATIONS)('%s', async ([name, operation, code], { over }) => {
      expectContractCodes(await over[transport](name, operation), code);
    });

    it('too many login attempts from one address', async ({ over, bob }) => {
      const attempts: Answer[] = [];
      for (let i = 0; i < 3; i++) attempts.push(await over[transport]('login', { query: LOGIN, variables: WRONG_PASSWORD(bob), signedIn: false }));
      for (const attempt of attempts) expect(['UNAUTHENTICATED', 'RATE_LIMITED']).toContain(attempt.errors[0]?.extensions?.code);
      expectContractCodes(attempts.at(-1)!, 'RATE_LIMITED');
    });
  });

  it('websocket: a subscription with a malformed cursor, a variable of the wrong type, or for an unknown story', async ({ over }) => {
    const cases: [Operation, string][] = [
      [{ query: 'subscription { tweetEvents(after: "not a cursor") { cursor } }' }, 'BAD_USER_INPUT'],
      [{ query: 'subscription ($after: String) { tweetEvents(after: $after) { cursor } }', variables: { after: 5 } }, 'BAD_USER_INPUT'],
      [{ query: `subscription { storyStream(storyId: "${NO_SUCH_ID}") { delta } }` }, 'NOT_FOUND'],
      [{ query: 'subscription { userEvents { id } }', signedIn: false }, 'UNAUTHENTICATED'],
    ];
    for (const [operation, code] of cases) expectContractCodes(await over.websocket('subscription', operation), code);
  });
});

describe('HTTP requests that never reach an operation answer contract codes', () => {
  const graphqlResponse = { accept: 'application/graphql-response+json' };
  /** The file's server, the instance that allows trusted documents and the one that enforces them. */
  type Instances = { server: TestServer; allowed: TestServer; enforced: TestServer };
  const cases: [string, (instances: Instances) => Promise<Answer>, number, string][] = [
    ['a subscription', ({ server }) => post(server, JSON.stringify({ query: 'subscription { userEvents { id } }' }), graphqlResponse), 400, 'BAD_USER_INPUT'],
    ['a body over the size limit', ({ server }) => post(server, JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1_100_000) } })), 413, 'BAD_USER_INPUT'],
    ['malformed JSON', ({ server }) => post(server, '{"query": '), 400, 'BAD_USER_INPUT'],
    ['a JSON body that is not an object', ({ server }) => post(server, '5'), 400, 'BAD_USER_INPUT'],
    ['an empty JSON object', ({ server }) => post(server, '{}'), 400, 'BAD_USER_INPUT'],
    ['text/plain (CSRF prevention)', ({ server }) => post(server, '{"query": "{ __typename }"}', { 'content-type': 'text/plain' }), 400, 'BAD_USER_INPUT'],
    ['no content type', ({ server }) => post(server, '{"query": "{ __typename }"}', { 'content-type': '' }), 400, 'BAD_USER_INPUT'],
    ['application/xml', ({ server }) => post(server, '<query/>', { 'content-type': 'application/xml' }), 400, 'BAD_USER_INPUT'],
    ['an accept header without JSON', ({ server }) => post(server, '{"query": "{ __typename }"}', { accept: 'text/html' }), 406, 'BAD_USER_INPUT'],
    ['a batch', ({ server }) => post(server, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])), 400, 'BAD_USER_INPUT'],
    ['variables as a string', ({ server }) => post(server, JSON.stringify({ query: '{ __typename }', variables: '{}' })), 400, 'BAD_USER_INPUT'],
    ['a query that is not a string', ({ server }) => post(server, JSON.stringify({ query: 5 })), 400, 'BAD_USER_INPUT'],
    ['PUT', ({ server }) => post(server, '{"query": "{ __typename }"}', {}, 'PUT'), 405, 'BAD_USER_INPUT'],
    [
      'a mutation over GET',
      async ({ server }) => {
        const query = encodeURIComponent(LOGIN);
        const response = await fetch(`${server.url}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
        return { status: response.status, ...((await response.json()) as { errors: Answer['errors'] }) };
      },
      405,
      'BAD_USER_INPUT',
    ],
    ['a persisted-query hash alone (TRUSTED_DOCUMENTS=off)', ({ server }) => post(server, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), graphqlResponse), 400, 'BAD_USER_INPUT'],
    ['an unknown persisted-query hash (TRUSTED_DOCUMENTS=allow)', ({ allowed }) => post(allowed, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), graphqlResponse), 400, 'PERSISTED_QUERY_NOT_FOUND'],
    ['an unknown documentId (TRUSTED_DOCUMENTS=enforce)', ({ enforced }) => post(enforced, JSON.stringify({ documentId: 'sha256:nope' }), graphqlResponse), 400, 'FORBIDDEN'],
  ];

  it.for(cases)('%s', async ([_name, request, status, code], { server, allowed, peer }) => {
    const answer = await request({ server, allowed, enforced: peer });
    expect(answer.status).toBe(status);
    expectContractCodes(answer, code);
  });
});

describe('an unexpected failure', () => {
  it('is INTERNAL_SERVER_ERROR on both transports', async ({ server, over }) => {
    const query = '{ me { id bio } }';
    await server.sql('alter table users rename column bio to bio_gone');
    try {
      expectContractCodes(await over.HTTP('internal', { query }), 'INTERNAL_SERVER_ERROR');
      expectContractCodes(await over.websocket('internal', { query }), 'INTERNAL_SERVER_ERROR');
    } finally {
      await server.sql('alter table users rename column bio_gone to bio');
    }
  });
});
