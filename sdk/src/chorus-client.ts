import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, type GraphQLFormattedError, Kind, type OperationDefinitionNode, OperationTypeNode, print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface ChorusClientOptions {
  /** The HTTP endpoint, e.g. `https://chorus.example.com/graphql`. */
  url: string;
  /** The websocket endpoint; by default `url` with `http` replaced by `ws`. */
  wsUrl?: string;
  /** The current access token, or null to act signed out: asked before every request and every (re)connect. */
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * The server said the access token expired (websocket close 4403, or UNAUTHENTICATED over HTTP):
   * refresh it so that the next `getToken()` returns the new one. Called once for concurrent failures.
   */
  onTokenExpired?: () => void | Promise<void>;
  /**
   * Milliseconds before reconnect attempt `attempt` (0, 1, ...); default 250 ms doubling up to 5 s, with
   * jitter. Also the wait before resuming a subscription that fell behind again before taking an event.
   */
  retryDelay?: (attempt: number) => number;
  /**
   * Milliseconds between the websocket's pings (default 15 s). A server that does not answer one
   * within 5 s is taken for gone (a half-open connection) and the client reconnects.
   */
  keepAliveMs?: number;
  fetch?: typeof fetch;
}

/** `variables` may be left out when the operation has no required variables. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends T` asks whether T has no required keys
export type VariablesArgument<TVariables> = {} extends TVariables ? [variables?: NoInfer<TVariables>] : [variables: NoInfer<TVariables>];

export interface SubscriptionHandlers<TResult> {
  /** One event; with a resumable subscription (one with `$after`), each event exactly once, in order. */
  next(data: TResult): void;
  /**
   * The subscription ended with an error (refused, an event with errors, a failed token refresh): it
   * is not retried, since the same cursor would meet the same error. RESUME_REQUIRED never ends up
   * here: the subscription resumes from the cursor the server gives.
   */
  error?(error: ChorusError): void;
  /** The server ended the subscription (e.g. `storyStream` after the last chunk). */
  complete?(): void;
}

export interface ChorusSubscription {
  /** The cursor of the last event delivered (or the `after` given): store it to resume in another process. */
  readonly cursor: string | null;
  unsubscribe(): void;
}

export interface ChorusClient {
  query<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, ...[variables]: VariablesArgument<TVariables>): Promise<TResult>;
  mutate<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, ...[variables]: VariablesArgument<TVariables>): Promise<TResult>;
  /**
   * Runs a subscription over the websocket and keeps it running across reconnects. When the
   * operation declares `$after` and selects `cursor`, every reconnect resubscribes from the last
   * event delivered, so nothing is missed or repeated; so does a subscription the server ends with
   * RESUME_REQUIRED (it fell behind). To follow a list, pass the list's `streamCursor` as `after`.
   */
  subscribe<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: NoInfer<TVariables>, handlers: SubscriptionHandlers<TResult>): ChorusSubscription;
  /** Ends every subscription (without calling their handlers) and closes the websocket. */
  dispose(): Promise<void>;
}

/** A GraphQL error (`code` is its `extensions.code`, see API.md) or a transport failure (`NETWORK_ERROR`). */
export class ChorusError extends Error {
  readonly code: string;
  readonly errors: readonly GraphQLFormattedError[];
  /** For `BAD_USER_INPUT`: `{ fieldName: message }`. */
  readonly fields: Readonly<Record<string, string>>;

  constructor(message: string, options: { code: string; errors?: readonly GraphQLFormattedError[]; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'ChorusError';
    this.code = options.code;
    this.errors = options.errors ?? [];
    const fields = this.errors[0]?.extensions?.fields;
    this.fields = isRecord(fields) ? (Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)])) as Record<string, string>) : {};
  }

  static fromErrors(errors: readonly GraphQLFormattedError[]): ChorusError {
    const code = errors[0]?.extensions?.code;
    return new ChorusError(errors.map((error) => error.message).join('; ') || 'GraphQL error', {
      code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
      errors,
    });
  }
}

/** `onTokenExpired` failed: the websocket cannot sign in, so its subscriptions end. */
class TokenRefreshError extends Error {}

interface Operation {
  type: OperationTypeNode;
  name: string | undefined;
  text: string;
  /** Subscriptions: the response key of the root field, which holds the event and its `cursor`. */
  rootKey: string | undefined;
  /** Declares `$after`: the subscription can resume from a cursor. */
  resumable: boolean;
}

const operations = new WeakMap<object, Operation>();

function operationOf(document: DocumentNode): Operation {
  let operation = operations.get(document);
  if (!operation) {
    const definition = document.definitions.find((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
    if (!definition) throw new TypeError('The document has no operation');
    const root = definition.selectionSet.selections[0];
    operation = {
      type: definition.operation,
      name: definition.name?.value,
      text: print(document),
      rootKey: root?.kind === Kind.FIELD ? (root.alias ?? root.name).value : undefined,
      resumable: definition.variableDefinitions?.some((variable) => variable.variable.name.value === 'after') ?? false,
    };
    operations.set(document, operation);
  }
  return operation;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether an event comes after the last one delivered. Cursors stay opaque: the API promises that
 * event cursors of one length sort as strings in the log's order (README, "Build on Chorus"). One
 * of another length (kept from an older server) is only compared for equality.
 */
function isAfter(cursor: string, last: string): boolean {
  return cursor.length === last.length ? cursor > last : cursor !== last;
}

/** The cursor to resume from, when the server ended the subscription with RESUME_REQUIRED. */
function resumeCursorOf(errors: readonly GraphQLFormattedError[]): string | null {
  const resumeRequired = errors.find((error) => error.extensions?.code === 'RESUME_REQUIRED');
  const cursor = resumeRequired?.extensions?.cursor;
  return typeof cursor === 'string' ? cursor : null;
}

function defaultRetryDelay(attempt: number): number {
  const ceiling = Math.min(250 * 2 ** attempt, 5_000);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** A websocket failure worth retrying: anything but a refused refresh or a 4xx answer to the upgrade. */
function shouldRetry(errOrCloseEvent: unknown): boolean {
  if (errOrCloseEvent instanceof TokenRefreshError) return false;
  const message = isRecord(errOrCloseEvent) && typeof errOrCloseEvent.message === 'string' ? errOrCloseEvent.message : '';
  const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
  return !status || !status.startsWith('4') || status === '408' || status === '429';
}

function toChorusError(error: unknown): ChorusError {
  if (error instanceof ChorusError) return error;
  if (Array.isArray(error)) return ChorusError.fromErrors(error as GraphQLFormattedError[]);
  if (error instanceof TokenRefreshError) return new ChorusError(`Token refresh failed: ${String(error.cause)}`, { code: 'UNAUTHENTICATED', cause: error.cause });
  if (isRecord(error) && typeof error.code === 'number') {
    return new ChorusError(`The websocket closed: ${error.code} ${String(error.reason ?? '')}`.trim(), { code: 'NETWORK_ERROR', cause: error });
  }
  const message = isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
  return new ChorusError(message, { code: 'NETWORK_ERROR', cause: error });
}

const KEEP_ALIVE_MS = 15_000;
const PONG_TIMEOUT_MS = 5_000;

export function createChorusClient(options: ChorusClientOptions): ChorusClient {
  const fetchImpl = options.fetch ?? fetch;
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  const getToken = async () => (await options.getToken()) ?? null;

  let refreshing: Promise<void> | null = null;
  /** One refresh at a time, and none when someone already replaced the token that failed. */
  const renewToken = (staleToken: string): Promise<void> => {
    refreshing ??= (async () => {
      if ((await getToken()) === staleToken) await options.onTokenExpired?.();
    })().finally(() => (refreshing = null));
    return refreshing;
  };

  async function execute(document: DocumentNode, variables: unknown, expected: OperationTypeNode): Promise<unknown> {
    const operation = operationOf(document);
    if (operation.type !== expected) throw new TypeError(`Expected a ${expected} document, got a ${operation.type}`);
    for (let attempt = 0; ; attempt++) {
      // A request sent while a refresh runs (the refresh itself, typically) does not wait for it.
      const duringRefresh = refreshing !== null;
      const token = await getToken();
      let body: { data?: unknown; errors?: GraphQLFormattedError[] };
      try {
        const response = await fetchImpl(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query: operation.text, operationName: operation.name, variables: variables ?? {} }),
        });
        const text = await response.text();
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          throw new ChorusError(`HTTP ${response.status}: ${text.slice(0, 200)}`, { code: 'NETWORK_ERROR' });
        }
      } catch (error) {
        throw toChorusError(error);
      }
      if (body.errors?.length) {
        const expired = body.errors.some((error) => error.extensions?.code === 'UNAUTHENTICATED');
        if (expired && token && attempt === 0 && !duringRefresh && options.onTokenExpired) {
          await renewToken(token);
          continue;
        }
        throw ChorusError.fromErrors(body.errors);
      }
      if (body.data === undefined || body.data === null) throw new ChorusError('The response has no data', { code: 'INTERNAL_SERVER_ERROR' });
      return body.data;
    }
  }

  let socketToken: string | null = null;
  let expiredToken: string | null = null;
  let pongTimer: NodeJS.Timeout | undefined;
  const ws: Client = createClient({
    url: options.wsUrl ?? options.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    // Asked on every (re)connect: after a 4403 the token is renewed first.
    connectionParams: async () => {
      if (expiredToken !== null) {
        const stale = expiredToken;
        expiredToken = null;
        await renewToken(stale).catch((error: unknown) => {
          throw new TokenRefreshError('token refresh failed', { cause: error });
        });
      }
      socketToken = await getToken();
      return socketToken ? { authorization: `Bearer ${socketToken}` } : {};
    },
    retryAttempts: Infinity,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelay(attempt))),
    shouldRetry,
    keepAlive: options.keepAliveMs ?? KEEP_ALIVE_MS,
    on: {
      closed: (event) => {
        clearTimeout(pongTimer);
        if (isRecord(event) && event.code === 4403) expiredToken = socketToken;
      },
      // A server that stops answering pings is gone (a half-open TCP connection): reconnect.
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => ws.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  const active = new Set<() => void>();

  return {
    query<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, ...[variables]: VariablesArgument<TVariables>) {
      return execute(document, variables, OperationTypeNode.QUERY) as Promise<TResult>;
    },
    mutate<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, ...[variables]: VariablesArgument<TVariables>) {
      return execute(document, variables, OperationTypeNode.MUTATION) as Promise<TResult>;
    },

    subscribe<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables>, variables: NoInfer<TVariables>, handlers: SubscriptionHandlers<TResult>) {
      const operation = operationOf(document);
      if (operation.type !== OperationTypeNode.SUBSCRIPTION) throw new TypeError(`Expected a subscription document, got a ${operation.type}`);
      const given = (variables ?? {}) as Record<string, unknown>;
      let cursor = operation.resumable && typeof given.after === 'string' ? given.after : null;
      let ended = false;
      const end = () => {
        ended = true;
        active.delete(stop);
      };
      const report = handlers.error ?? ((error: ChorusError) => console.error('chorus subscription failed:', error));

      /** RESUME_REQUIRED answers in a row with no event delivered between them: the back-off of the next. */
      let resumesWithoutProgress = 0;
      let resumeTimer: NodeJS.Timeout | undefined;
      let stopInner = () => {};
      const fail = (error: ChorusError) => {
        end();
        stopInner();
        report(error);
      };
      /**
       * The server ended a subscription that fell behind: subscribe again from the last cursor it
       * sent, which this client has already delivered (messages arrive in order), so nothing is lost
       * or repeated. Returns false when the subscription cannot resume (no `$after`).
       */
      const resume = (errors: readonly GraphQLFormattedError[]): boolean => {
        const resumeAt = resumeCursorOf(errors);
        if (resumeAt === null || !operation.resumable) return false;
        if (cursor === null || isAfter(resumeAt, cursor)) cursor = resumeAt;
        // A client that falls behind again before taking a single event waits longer each time.
        // The first one resubscribes at once, before graphql-ws releases this operation: a lazy socket
        // left with no operation would close and connect again.
        if (resumesWithoutProgress === 0) start();
        else resumeTimer = setTimeout(start, retryDelay(resumesWithoutProgress - 1));
        resumesWithoutProgress++;
        return true;
      };

      const start = () => {
        if (ended) return;
        stopInner = ws.subscribe<TResult>(
          {
            query: operation.text,
            operationName: operation.name,
            // graphql-ws sends this same payload again after every reconnect, serialising it then:
            // the getter makes each (re)subscribe carry the last cursor delivered.
            get variables() {
              return cursor === null ? given : { ...given, after: cursor };
            },
          },
          {
            next: (result) => {
              if (ended) return;
              if (result.errors?.length || !result.data) {
                // Not a connection failure: resubscribing from the same cursor would meet the same error.
                fail(ChorusError.fromErrors(result.errors ?? []));
                return;
              }
              const event = operation.rootKey === undefined ? undefined : (result.data as Record<string, unknown>)[operation.rootKey];
              const eventCursor = isRecord(event) && typeof event.cursor === 'string' ? event.cursor : null;
              if (eventCursor !== null && operation.resumable) {
                // A safety net: the server's resume has no gaps or repeats, and this keeps it so.
                if (cursor !== null && !isAfter(eventCursor, cursor)) return;
                cursor = eventCursor;
              }
              resumesWithoutProgress = 0;
              handlers.next(result.data as TResult);
            },
            error: (error) => {
              if (ended) return;
              if (Array.isArray(error) && resume(error as GraphQLFormattedError[])) return;
              // graphql-ws has ended this operation (a refusal, or a websocket it will not retry).
              end();
              report(toChorusError(error));
            },
            complete: () => {
              if (ended) return;
              end();
              handlers.complete?.();
            },
          },
        );
      };
      start();
      const stop = () => {
        if (ended) return;
        end();
        clearTimeout(resumeTimer);
        stopInner();
      };
      active.add(stop);
      return {
        get cursor() {
          return cursor;
        },
        unsubscribe: stop,
      };
    },

    async dispose() {
      for (const stop of [...active]) stop();
      clearTimeout(pongTimer);
      await ws.dispose();
    },
  };
}
