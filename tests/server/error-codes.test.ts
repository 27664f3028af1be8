import { afterAll, describe, expect } from 'vitest';
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

let server: TestServer;
/** TRUSTED_DOCUMENTS=enforce and =allow over the client's own manifest, on the same database. */
let enforced: TestServer;
let allowed: TestServer;
let user: TestUser;
let other: TestUser;

const it = chorusTest({
  // One login attempt per address and window: the second is RATE_LIMITED, whatever the transport.
  env: { LOG_LEVEL: 'silent', LOGIN_IP_RATE_LIMIT: '1' },
  peer: { env: { LOG_LEVEL: 'silent', TRUSTED_DOCUMENTS: 'enforce' } },
}).extend('allowed', { scope: 'file' }, async ({ server }, { onCleanup }) => {
  const instance = await startTestServer({ databaseUrl: server.databaseUrl, env: { LOG_LEVEL: 'silent', TRUSTED_DOCUMENTS: 'allow' } });
  onCleanup(() => instance.close());
  return instance;
});

// The tables below name their instance and users before the fixtures exist: they are handed over once.
it.beforeAll(({ server: fileServer, peer, allowed: allowing, alice, bob }) => {
  server = fileServer;
  enforced = peer;
  allowed = allowing;
  user = alice;
  other = bob;
});

interface Answer {
  status?: number;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const NUL = String.fromCharCode(0);
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';
const WRONG_PASSWORD = () => ({ input: { usernameOrEmail: other.username, password: 'not the password' } });
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
  on?: () => TestServer;
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
  ['a document not in the manifest (TRUSTED_DOCUMENTS=enforce)', { query: '{ apiInfo { version } }', on: () => enforced }, 'FORBIDDEN'],
  ['a malformed page cursor', { query: '{ tweets(after: "not a cursor") { totalCount } }' }, 'BAD_USER_INPUT'],
  ['a malformed event cursor', { query: '{ events(after: "not a cursor") { totalCount } }' }, 'BAD_USER_INPUT'],
  ['a page over 100', { query: '{ tweets(first: 101) { totalCount } }' }, 'BAD_USER_INPUT'],
  ['a variable of the wrong type', { query: 'query ($n: Int) { tweets(first: $n) { totalCount } }', variables: { n: 'ten' } }, 'BAD_USER_INPUT'],
  ['a required variable missing', { query: 'query ($id: ID!) { task(id: $id) { id } }' }, 'BAD_USER_INPUT'],
  ['an unknown operationName', { query: 'query A { apiInfo { version } }', operationName: 'B' }, 'BAD_USER_INPUT'],
  ['two operations and no operationName', { query: 'query A { apiInfo { version } } query B { apiInfo { version } }' }, 'BAD_USER_INPUT'],
];

/** Each operation's variables, filled in once the users exist. */
function variablesOf(name: string, operation: Operation): Record<string, unknown> | undefined {
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

async function overHttp(name: string, operation: Operation): Promise<Answer> {
  const token: Record<string, string> = operation.signedIn === false ? {} : { authorization: `Bearer ${user.accessToken}` };
  const body = { query: operation.query, variables: variablesOf(name, operation), operationName: operation.operationName };
  return post((operation.on ?? (() => server))(), JSON.stringify(body), token);
}

const sockets = new Map<string, RawSocket>();
let nextId = 0;

async function overWebsocket(name: string, operation: Operation): Promise<Answer> {
  const target = (operation.on ?? (() => server))();
  const signedIn = operation.signedIn !== false;
  const key = `${target.url} ${signedIn}`;
  let socket = sockets.get(key);
  if (!socket) {
    socket = await rawSocket(target.wsUrl);
    await socket.init(signedIn ? { authorization: `Bearer ${user.accessToken}` } : {});
    sockets.set(key, socket);
  }
  const id = String(++nextId);
  const payload = { query: operation.query, variables: variablesOf(name, operation), operationName: operation.operationName };
  socket.send({ id, type: 'subscribe', payload });
  const answer = await socket.message((message) => message.id === id && (message.type === 'error' || message.type === 'next'));
  return { errors: answer.type === 'error' ? answer.payload : (answer.payload.errors ?? []) };
}

afterAll(() => {
  for (const socket of sockets.values()) socket.socket.close();
});

describe('every error answers a contract code, over HTTP and the websocket', () => {
  describe.each([
    ['HTTP', overHttp],
    ['websocket', overWebsocket],
  ] as const)('%s', (_transport, send) => {
    it.each(OPERATIONS)('%s', async (name, operation, code) => {
      expectContractCodes(await send(name, operation), code);
    });

    it('too many login attempts from one address', async () => {
      const attempts: Answer[] = [];
      for (let i = 0; i < 3; i++) attempts.push(await send('login', { query: LOGIN, variables: WRONG_PASSWORD(), signedIn: false }));
      for (const attempt of attempts) expect(['UNAUTHENTICATED', 'RATE_LIMITED']).toContain(attempt.errors[0]?.extensions?.code);
      expectContractCodes(attempts.at(-1)!, 'RATE_LIMITED');
    });
  });

  it('websocket: a subscription with a malformed cursor, a variable of the wrong type, or for an unknown story', async () => {
    const cases: [Operation, string][] = [
      [{ query: 'subscription { tweetEvents(after: "not a cursor") { cursor } }' }, 'BAD_USER_INPUT'],
      [{ query: 'subscription ($after: String) { tweetEvents(after: $after) { cursor } }', variables: { after: 5 } }, 'BAD_USER_INPUT'],
      [{ query: `subscription { storyStream(storyId: "${NO_SUCH_ID}") { delta } }` }, 'NOT_FOUND'],
      [{ query: 'subscription { userEvents { id } }', signedIn: false }, 'UNAUTHENTICATED'],
    ];
    for (const [operation, code] of cases) expectContractCodes(await overWebsocket('subscription', operation), code);
  });
});

describe('HTTP requests that never reach an operation answer contract codes', () => {
  const graphqlResponse = { accept: 'application/graphql-response+json' };
  const cases: [string, () => Promise<Answer>, number, string][] = [
    ['a subscription', () => post(server, JSON.stringify({ query: 'subscription { userEvents { id } }' }), graphqlResponse), 400, 'BAD_USER_INPUT'],
    ['a body over the size limit', () => post(server, JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1_100_000) } })), 413, 'BAD_USER_INPUT'],
    ['malformed JSON', () => post(server, '{"query": '), 400, 'BAD_USER_INPUT'],
    ['a JSON body that is not an object', () => post(server, '5'), 400, 'BAD_USER_INPUT'],
    ['an empty JSON object', () => post(server, '{}'), 400, 'BAD_USER_INPUT'],
    ['text/plain (CSRF prevention)', () => post(server, '{"query": "{ __typename }"}', { 'content-type': 'text/plain' }), 400, 'BAD_USER_INPUT'],
    ['no content type', () => post(server, '{"query": "{ __typename }"}', { 'content-type': '' }), 400, 'BAD_USER_INPUT'],
    ['application/xml', () => post(server, '<query/>', { 'content-type': 'application/xml' }), 400, 'BAD_USER_INPUT'],
    ['an accept header without JSON', () => post(server, '{"query": "{ __typename }"}', { accept: 'text/html' }), 406, 'BAD_USER_INPUT'],
    ['a batch', () => post(server, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])), 400, 'BAD_USER_INPUT'],
    ['variables as a string', () => post(server, JSON.stringify({ query: '{ __typename }', variables: '{}' })), 400, 'BAD_USER_INPUT'],
    ['a query that is not a string', () => post(server, JSON.stringify({ query: 5 })), 400, 'BAD_USER_INPUT'],
    ['PUT', () => post(server, '{"query": "{ __typename }"}', {}, 'PUT'), 405, 'BAD_USER_INPUT'],
    [
      'a mutation over GET',
      async () => {
        const query = encodeURIComponent(LOGIN);
        const response = await fetch(`${server.url}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
        return { status: response.status, ...((await response.json()) as { errors: Answer['errors'] }) };
      },
      405,
      'BAD_USER_INPUT',
    ],
    ['a persisted-query hash alone (TRUSTED_DOCUMENTS=off)', () => post(server, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), graphqlResponse), 400, 'BAD_USER_INPUT'],
    ['an unknown persisted-query hash (TRUSTED_DOCUMENTS=allow)', () => post(allowed, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), graphqlResponse), 400, 'PERSISTED_QUERY_NOT_FOUND'],
    ['an unknown documentId (TRUSTED_DOCUMENTS=enforce)', () => post(enforced, JSON.stringify({ documentId: 'sha256:nope' }), graphqlResponse), 400, 'FORBIDDEN'],
  ];

  it.each(cases)('%s', async (_name, request, status, code) => {
    const answer = await request();
    expect(answer.status).toBe(status);
    expectContractCodes(answer, code);
  });
});

describe('an unexpected failure', () => {
  it('is INTERNAL_SERVER_ERROR on both transports', async () => {
    const query = '{ me { id bio } }';
    await server.sql('alter table users rename column bio to bio_gone');
    try {
      expectContractCodes(await overHttp('internal', { query }), 'INTERNAL_SERVER_ERROR');
      expectContractCodes(await overWebsocket('internal', { query }), 'INTERNAL_SERVER_ERROR');
    } finally {
      await server.sql('alter table users rename column bio_gone to bio');
    }
  });
});
