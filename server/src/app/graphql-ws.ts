import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { type ExecutionResult, GraphQLError, type GraphQLSchema, getOperationAST, parse, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken } from '../auth/tokens.js';
import { viewerFromToken } from '../auth/viewer.js';
import { type AppServices, RequestContext, type Viewer } from './context.js';
import { formatForClient, withValidationCode } from './error-masking.js';
import type { Metrics } from './metrics.js';
import { clientIp, traceIdFor } from './trace.js';
import type { ViewerRegistry } from './viewer-registry.js';

export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
const CONNECTION_INIT_TIMEOUT_MS = 10_000;

interface SocketState {
  viewer: Viewer | null;
  traceId: string;
  cleanup: (() => void)[];
  /** Subscription id → root field, for the active-subscriptions gauge. */
  fields: Map<string, string>;
}

interface Extra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  request: IncomingMessage;
  state?: SocketState;
}

function maskResult(result: ExecutionResult, traceId: string) {
  if (!result.errors) return undefined;
  return { ...result, errors: result.errors.map((error) => formatForClient(error.toJSON(), traceId).error) };
}

export function createGraphqlWs(
  app: AppServices,
  schema: GraphQLSchema,
  httpServer: Server,
  metrics: Metrics,
  viewers: ViewerRegistry,
  extraValidationRules: Parameters<typeof validate>[2] = [],
) {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: MAX_WS_PAYLOAD_BYTES });

  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      onConnect: async (ctx) => {
        const state: SocketState = { viewer: null, traceId: traceIdFor(ctx.extra.request), cleanup: [], fields: new Map() };
        ctx.extra.state = state;
        const token = bearerToken(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        if (!token) return true;
        const auth = await viewerFromToken(app, token);
        // 4403 (not 4401): the client refreshes its token and reconnects with its cursors.
        if (!auth) return false;
        state.viewer = auth.viewer;
        state.cleanup.push(viewers.add(auth.viewer));
        const expiresIn = Math.max(0, auth.expiresAt.getTime() - Date.now());
        const timer = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Access token expired'), expiresIn);
        timer.unref();
        state.cleanup.push(() => clearTimeout(timer));
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [
            new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ];
        }
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return withValidationCode([error as GraphQLError]);
        }
        const errors = validate(schema, document);
        const extraErrors = extraValidationRules?.length ? validate(schema, document, extraValidationRules) : [];
        if (errors.length || extraErrors.length) return withValidationCode([...errors, ...extraErrors]);
        const state = ctx.extra.state!;
        const operation = getOperationAST(document, payload.operationName);
        const field = operation?.selectionSet.selections[0];
        if (operation?.operation === 'subscription' && field?.kind === 'Field') {
          state.fields.set(id, field.name.value);
          metrics.activeSubscriptions.inc({ field: field.name.value });
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: new RequestContext(app, state.viewer, state.traceId, clientIp(ctx.extra.request)),
        };
      },
      onNext: (ctx, _id, _payload, _args, result) => maskResult(result as ExecutionResult, ctx.extra.state?.traceId ?? ''),
      onError: (ctx, _id, _payload, errors) =>
        errors.map((error) => formatForClient(error.toJSON(), ctx.extra.state?.traceId ?? '').error),
      onComplete: (ctx, id) => {
        const fields = ctx.extra.state?.fields;
        const field = fields?.get(id);
        if (field) {
          fields!.delete(id);
          metrics.activeSubscriptions.dec({ field });
        }
      },
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        for (const field of state.fields.values()) metrics.activeSubscriptions.dec({ field });
        state.fields.clear();
        for (const run of state.cleanup) run();
      },
    },
    wsServer,
  );

  wsServer.on('connection', (socket) => {
    metrics.websocketConnections.inc();
    socket.once('close', () => metrics.websocketConnections.dec());
  });

  return {
    wsServer,
    /** Closes every socket with 1001 (going away) so clients reconnect elsewhere. */
    async stop() {
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
