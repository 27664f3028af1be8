import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ChorusClient, type ChorusClientOptions, type ChorusError, type ChorusSubscription, createChorusClient } from '../../sdk/src/chorus-client.js';
import { type ChorusUserFragment, EventsDocument, type EventsQuery, RefreshTokenDocument, RegisterDocument } from '../../sdk/src/generated/graphql.js';

/** Tests use the SDK the way a service would: one client per signed-in user and server. */
export interface SdkSession {
  client: ChorusClient;
  user: ChorusUserFragment;
  password: string;
  tokens: { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };
  /** How many times `onTokenExpired` ran. */
  refreshes: number;
  /** Another client for the same session, e.g. on another server instance. */
  clientFor(url: string): ChorusClient;
  /** Disposes every client of this session. */
  dispose(): Promise<void>;
}

let counter = 0;

/** A client whose token refresh is wired as sdk/README.md shows; signed out until `signUp`. */
export function sdkSession(url: string, options: Pick<ChorusClientOptions, 'keepAliveMs'> = {}): Omit<SdkSession, 'user' | 'password'> {
  const clients: ChorusClient[] = [];
  const clientFor = (clientUrl: string): ChorusClient => {
    const client = createChorusClient({
      url: clientUrl,
      getToken: () => session.tokens.accessToken || null,
      onTokenExpired: async () => {
        session.refreshes++;
        const { refreshToken } = await client.mutate(RefreshTokenDocument, { input: { refreshToken: session.tokens.refreshToken } });
        session.tokens = refreshToken;
      },
      retryDelay: (attempt) => Math.min(100 * 2 ** attempt, 1_000),
      ...options,
    });
    clients.push(client);
    return client;
  };
  const session = {
    tokens: { accessToken: '', refreshToken: '', accessTokenExpiresAt: '' },
    refreshes: 0,
    client: clientFor(url),
    clientFor,
    async dispose() {
      await Promise.all(clients.map((client) => client.dispose()));
    },
  };
  return session;
}

/** Registers a new user through the SDK. */
export async function signUp(url: string, name = `sdk_${process.pid}_${++counter}`, options: Pick<ChorusClientOptions, 'keepAliveMs'> = {}): Promise<SdkSession> {
  const session = sdkSession(url, options);
  const password = 'correct horse battery';
  const { register } = await session.client.mutate(RegisterDocument, { input: { username: name, email: `${name}@example.com`, password, name } });
  session.tokens = register;
  return Object.assign(session, { user: register.user, password });
}

/** Collects a subscription's events; `waitFor` polls until a condition holds. */
export function stream<TResult, TVariables>(client: ChorusClient, document: TypedDocumentNode<TResult, TVariables>, variables: NoInfer<TVariables>) {
  const received: TResult[] = [];
  let error: ChorusError | undefined;
  let completed = false;
  const subscription: ChorusSubscription = client.subscribe(document, variables, {
    next: (data) => received.push(data),
    error: (err) => (error = err),
    complete: () => (completed = true),
  });
  return {
    received,
    subscription,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    async waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (error) throw error;
        if (Date.now() > deadline) throw new Error(`timed out; received ${JSON.stringify(received).slice(0, 2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export { untilLive } from './live.js';

/** The cursors of the audit history the client's user may read, in the streams' order (for `cursorsAscending`). */
export async function eventLog(client: ChorusClient, aggregateType?: string): Promise<string[]> {
  const log: string[] = [];
  for (let after: string | null = null; ; ) {
    const { events }: EventsQuery = await client.query(EventsDocument, { first: 100, after, aggregateType });
    log.push(...events.edges.map((edge) => edge.cursor));
    if (!events.pageInfo.hasNextPage) return log;
    after = events.pageInfo.endCursor;
  }
}
