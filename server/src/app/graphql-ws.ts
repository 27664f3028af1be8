import type { IncomingMessage, Server } from 'node:http';
import { type ExecutionResult, GraphQLError, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken } from '../auth/tokens.js';
import { viewerFromToken } from '../auth/viewer.js';
import type { Viewer } from '../auth/viewer.js';
import { type AppServices, RequestContext } from '../context/request-context.js';
import { formatForClient, withValidationCode } from './error-masking.js';
import { checkInputStrings } from './input-strings.js';
import type { Metrics } from './metrics.js';
import { millisecondsSince } from '../shared/elapsed.js';
import { recordOperation } from './operation-log.js';
import { hideSuggestions } from './operation-limits.js';
import { type OperationPolicy, resolveOperation } from './operation-policy.js';
import { isOriginAllowed } from './http-security.js';
import { traceIdFor } from './trace.js';
import { flatString } from '../shared/flat-string.js';
import type { ViewerRegistry } from './viewer-registry.js';
import { createSharedSubscribe, deliverDirectly, type SharingRules } from './shared-execution.js';
import { DocumentCache } from './document-cache.js';
import { ExpiryClock } from './expiry-clock.js';
import { serveGraphqlWs, type TransportExtra } from './ws-transport.js';

export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
const CLOSE_HANDSHAKE_GRACE_MS = 2_000;
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
/** Distinct subscription texts kept parsed (`DocumentCache`). */
const MAX_SHARED_DOCUMENTS = 500;
/**
 * A ping to every socket this often keeps idle subscriptions alive through proxies (nginx's
 * timeouts are longer, see deploy/nginx.conf) and ends sockets whose peer stopped answering. One
 * interval for all sockets: graphql-ws's `useServer` kept an interval per socket, and a timer and a
 * listener per ping (ws-transport.ts runs graphql-ws without it).
 */
export const WS_HEARTBEAT_MS = 30_000;

/** An operation on a socket, from subscribe to complete: for its log line and the subscriptions gauge. */
interface RunningOperation {
  name: string | null;
  type: string;
  /** The root field of a subscription (the gauge's label). */
  field: string | null;
  started: bigint;
  /** Created with the first error. */
  errorCodes?: string[];
}

/**
 * What Chorus keeps per socket, for its whole life (W5 in bench/ANALYSIS.md): only what delivery,
 * the log lines and the socket's end need.
 */
interface SocketState {
  viewer: Viewer | null;
  traceId: string;
  ip: string;
  operations: Map<string, RunningOperation>;
  /** Takes the viewer out of the registry (signed-in sockets). */
  unregister: (() => void) | null;
  /** The socket's key in the expiry clock (signed-in sockets). */
  expiry: number | null;
}

interface Extra extends TransportExtra {
  state?: SocketState;
}

function codesOf(errors: readonly { extensions?: Record<string, unknown> }[]): string[] {
  return errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
}

function addErrorCodes(operation: RunningOperation | undefined, codes: string[]): void {
  if (operation) (operation.errorCodes ??= []).push(...codes);
}

function closeExpired(socket: WebSocket): void {
  socket.close(CloseCode.Forbidden, 'Access token expired');
}

export function createGraphqlWs(
  app: AppServices,
  schema: GraphQLSchema,
  httpServer: Server,
  metrics: Metrics,
  viewers: ViewerRegistry,
  policy: OperationPolicy,
  sharing: SharingRules,
) {
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: MAX_WS_PAYLOAD_BYTES,
    // Browsers send their page's Origin; a page on another site may not use a viewer's token here.
    verifyClient: ({ origin, req }: { origin: string | undefined; req: IncomingMessage }) =>
      isOriginAllowed(app.config.corsOrigins, origin, req.headers.host),
  });
  const validationRules = [...specifiedRules, ...policy.validationRules];
  const documents = new DocumentCache(MAX_SHARED_DOCUMENTS);
  // One timer for every socket's access-token expiry.
  const expiries = new ExpiryClock<WebSocket>(closeExpired);

  const masked = (errors: readonly GraphQLError[], traceId: string) =>
    errors.map((error) => {
      const { error: formatted, internal } = formatForClient(error.toJSON(), traceId);
      if (internal) app.log.error({ traceId, err: error.originalError ?? error, path: error.path }, 'unexpected error');
      return policy.hideSchemaDetails ? { ...formatted, message: hideSuggestions(formatted.message) } : formatted;
    });

  const finish = (state: SocketState, id: string) => {
    const operation = state.operations.get(id);
    if (!operation) return;
    state.operations.delete(id);
    if (operation.field) metrics.activeSubscriptions.dec({ field: operation.field });
    recordOperation(app, metrics, {
      transport: 'ws',
      traceId: state.traceId,
      operationName: operation.name,
      operationType: operation.type,
      userId: state.viewer?.id ?? null,
      durationMs: millisecondsSince(operation.started),
      errorCodes: operation.errorCodes ?? [],
    });
  };

  /** An operation refused before it ran (limits, trust, validation): logged, and the socket stays open. */
  const refuse = (state: SocketState, name: string | null, started: bigint, errors: GraphQLError[]) => {
    recordOperation(app, metrics, {
      transport: 'ws',
      traceId: state.traceId,
      operationName: name,
      operationType: 'unknown',
      userId: state.viewer?.id ?? null,
      durationMs: millisecondsSince(started),
      errorCodes: codesOf(errors),
    });
    return errors;
  };

  const transport = serveGraphqlWs<Record<string, unknown> | undefined, Extra>(
    wsServer,
    {
      schema,
      subscribe: createSharedSubscribe(sharing), // one execution per event and group of subscribers (shared-execution.ts)
      onConnect: async (ctx) => {
        transport.initialised(ctx.extra.socket);
        const request = ctx.extra.request!; // graphql-ws calls onConnect once per socket
        const state: SocketState = {
          viewer: null,
          traceId: flatString(traceIdFor(request)),
          ip: policy.clientIp(request),
          operations: new Map(),
          unregister: null,
          expiry: null,
        };
        ctx.extra.state = state;
        // The upgrade request and the connection parameters (the access token) would otherwise
        // live as long as the socket (W5 in bench/ANALYSIS.md): delivery needs only what `state`
        // took from them. Cleared, not deleted: an object that loses a property this way turns
        // into a dictionary, ~250 bytes larger.
        ctx.extra.request = null;
        const params = ctx.connectionParams;
        Reflect.set(ctx, 'connectionParams', undefined);
        const token = bearerToken(params?.authorization ?? params?.Authorization);
        if (!token) return true;
        const auth = await viewerFromToken(app, token);
        // 4403 (not 4401): the client refreshes its token and reconnects with its cursors.
        if (!auth) return false;
        const socket = ctx.extra.socket;
        const unregister = viewers.add(auth.viewer, (code, reason) => socket.close(code, reason));
        if (!unregister) return false; // signed out between the token check and now
        state.viewer = auth.viewer;
        state.unregister = unregister;
        state.expiry = expiries.add(socket, auth.expiresAt.getTime());
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const started = process.hrtime.bigint();
        const state = ctx.extra.state!;
        const name = payload.operationName ?? null;
        // graphql-ws registers the operation before this hook: the 101st sees 101.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return refuse(state, name, started, [
            new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} operations may run at once on one connection`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ]);
        }
        let query;
        let document;
        try {
          query = policy.trusted.enabled ? policy.trusted.resolve(payload as typeof payload & { documentId?: unknown }) : payload.query;
          document = documents.get(query) ?? parse(query, policy.limits.parseOptions);
        } catch (error) {
          return refuse(state, name, started, withValidationCode([error as GraphQLError]));
        }
        const errors = validate(schema, document, validationRules);
        if (errors.length) return refuse(state, name, started, withValidationCode(errors));
        const { operation, errors: unrunnable } = resolveOperation(schema, document, payload.operationName, payload.variables);
        if (unrunnable) return refuse(state, name, started, unrunnable);
        const tooCostly = policy.limits.costRefusal(schema, document, payload.operationName, payload.variables);
        if (tooCostly) return refuse(state, name, started, [tooCostly]);
        const badStrings = checkInputStrings(document, payload.variables);
        if (badStrings) return refuse(state, name, started, [badStrings]);
        const root = operation?.selectionSet.selections[0];
        const field = operation?.operation === 'subscription' && root?.kind === 'Field' ? root.name.value : null;
        documents.keep(query, document);
        // graphql-ws holds the message for the operation's life; its text is in the shared document.
        if (typeof payload.query === 'string') Reflect.set(payload, 'query', '');
        if (field) metrics.activeSubscriptions.inc({ field });
        state.operations.set(id, {
          name: operation?.name?.value ?? name,
          type: operation?.operation ?? 'unknown',
          field,
          started,
        });
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: deliverDirectly(new RequestContext(app, state.viewer, state.traceId, state.ip), {
            id,
            socket: ctx.extra.socket,
          }),
        };
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const { errors } = result as ExecutionResult;
        if (!errors) return undefined;
        const state = ctx.extra.state!;
        const formatted = masked(errors, state.traceId);
        addErrorCodes(state.operations.get(id), codesOf(formatted));
        return { ...(result as ExecutionResult), errors: formatted };
      },
      onError: (ctx, id, _payload, errors) => {
        const state = ctx.extra.state!;
        const formatted = masked(errors, state.traceId);
        addErrorCodes(state.operations.get(id), codesOf(formatted));
        return formatted;
      },
      onComplete: (ctx, id) => {
        const state = ctx.extra.state;
        if (state) finish(state, id);
      },
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        for (const id of [...state.operations.keys()]) finish(state, id);
        state.unregister?.();
        if (state.expiry !== null) expiries.remove(ctx.extra.socket, state.expiry);
      },
    },
    { connectionInitTimeoutMs: app.config.wsConnectionInitTimeoutMs, log: app.log },
  );

  const alive = new WeakSet<WebSocket>();
  // Listeners shared by every socket (`this` is the socket), not a closure per socket.
  function answered(this: WebSocket) {
    alive.add(this);
  }
  const closed = () => metrics.websocketConnections.dec();
  wsServer.on('connection', (socket) => {
    metrics.websocketConnections.inc();
    alive.add(socket);
    socket.on('pong', answered);
    socket.on('close', closed); // emitted once
  });
  const heartbeat = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, WS_HEARTBEAT_MS);
  heartbeat.unref();

  return {
    wsServer,
    /** Closes every socket with 1001 (going away) so clients reconnect elsewhere. */
    async stop() {
      clearInterval(heartbeat);
      expiries.stop();
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      // A client too busy to answer the close handshake would hold shutdown for ws's 30 s timeout.
      const laggards = setTimeout(() => {
        for (const client of wsServer.clients) client.terminate();
      }, CLOSE_HANDSHAKE_GRACE_MS);
      await transport.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      clearTimeout(laggards);
    },
  };
}
