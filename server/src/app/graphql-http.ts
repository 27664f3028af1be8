import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { type DocumentNode, GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type OperationTypeNode } from 'graphql';
import type { IncomingMessage, Server } from 'node:http';
import { bearerToken } from '../auth/tokens.js';
import { badInput } from '../shared/errors.js';
import { viewerFromToken } from '../auth/viewer.js';
import { CompiledOperations, compiledExecutionGateway } from './compiled-execution.js';
import { type AppServices, RequestContext } from '../context/request-context.js';
import { formatForClient } from './error-masking.js';
import { checkInputStrings } from './input-strings.js';
import type { Metrics } from './metrics.js';
import { millisecondsSince } from '../shared/elapsed.js';
import { recordOperation } from './operation-log.js';
import type { OperationLimits } from './operation-limits.js';
import type { OperationPolicy } from './operation-policy.js';
import { traceIdFor } from './trace.js';
import type { TrustedDocuments } from './trusted-documents.js';

export const MAX_HTTP_BODY = '1mb';
/** MAX_HTTP_BODY in bytes, as body-parser counts it. */
export const MAX_HTTP_BODY_BYTES = 1024 * 1024;

/*
 * The pieces below are shared by Apollo's path (the plugins and middleware in this file) and the
 * fast path (graphql-fast-path.ts), which serves prepared documents without Express and Apollo and
 * must answer exactly as they would.
 */

/** What Apollo's `formatError` does with every error it sends. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return formatForClient(formatted).error;
}

/** The originals of errors the client sees masked as INTERNAL_SERVER_ERROR go to the log (once, here). */
export function logUnexpectedErrors(app: AppServices, traceId: string, errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    if (!formatForClient({ message: error.message, extensions: error.extensions }).internal) continue;
    app.log.error({ traceId, err: error.originalError ?? error, path: error.path }, 'unexpected error');
  }
}

/** A masked error carries the trace id, so a user's report finds the log line. */
export function addTraceIds(formatted: readonly GraphQLFormattedError[] | undefined, traceId: string): void {
  for (const error of formatted ?? []) {
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') (error.extensions as Record<string, unknown>).traceId = traceId;
  }
}

/** The contract codes of the errors sent, for the operation log. */
export function errorCodesOf(errors: readonly GraphQLError[] | undefined): string[] {
  return (errors ?? []).map((error) => formatForClient({ message: error.message, extensions: error.extensions }).error.extensions!.code as string);
}

function operationLogPlugin(app: AppServices, metrics: Metrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue: context }) {
          logUnexpectedErrors(app, context.traceId, errors);
        },
        async willSendResponse({ operationName, operation, errors, contextValue: context, response }) {
          if (response.body.kind === 'single') addTraceIds(response.body.singleResult.errors, context.traceId);
          recordOperation(app, metrics, {
            transport: 'http',
            traceId: context.traceId,
            operationName: operationName ?? null,
            operationType: operation?.operation ?? 'unknown',
            userId: context.viewer?.id ?? null,
            durationMs: millisecondsSince(started),
            errorCodes: errorCodesOf(errors),
          });
        },
      };
    },
  };
}

/** Errors that a well-formed request can still meet: its document or variables are refused. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'FORBIDDEN']);

/**
 * GraphQL over HTTP: a client that accepts only `application/json` (not
 * `application/graphql-response+json`) SHOULD get 200 for every well-formed request; Apollo
 * answers parse, validation and variable errors with 400 whatever the client accepts.
 */
function legacyJsonStatusPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      const accept = request.http?.headers.get('accept') ?? '';
      if (acceptsGraphqlResponse(accept)) return;
      return {
        async willSendResponse({ response, errors }) {
          response.http.status = legacyJsonStatus(response.http.status, errors);
        },
      };
    },
  };
}

export function acceptsGraphqlResponse(accept: string): boolean {
  return accept.includes('application/graphql-response+json');
}

/** The status for a client that accepts only `application/json`: 200 for refused requests. */
export function legacyJsonStatus(status: number | undefined, errors: readonly GraphQLError[] | undefined): number | undefined {
  if (status !== 400 || !errors?.length) return status;
  if (!errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)))) return status;
  return 200;
}

/**
 * Refusals that must come before any resolver runs, as request errors (400):
 * - an operation over the cost limit with its variables (validation has none to see);
 * - strings no column may hold (checkInputStrings, shared with the websocket);
 * - subscriptions, which graphql-ws serves on this path: graphql-js would run the field as a query
 *   and fail inside it (a TypeError masked as INTERNAL_SERVER_ERROR). graphql-http's reference
 *   server refuses them the same way.
 */
function requestGatePlugin(limits: OperationLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          const refusal = requestGateRefusal(limits, schema, document, operation?.operation, request.operationName, request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/** requestGatePlugin's check: the error to refuse the operation with, or undefined. */
export function requestGateRefusal(
  limits: OperationLimits,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationType: OperationTypeNode | undefined,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): GraphQLError | undefined {
  const tooCostly = limits.costRefusal(schema, document, operationName, variables);
  if (tooCostly) return tooCostly;
  const badStrings = checkInputStrings(document, variables);
  if (badStrings) return badStrings;
  if (operationType !== 'subscription') return undefined;
  return new GraphQLError('Subscriptions run over the websocket on this path (graphql-transport-ws), not over HTTP', {
    extensions: { code: 'BAD_USER_INPUT', fields: { query: 'is a subscription' }, http: { status: 400 } },
  });
}

/** Stands in for a rejected document so the rejection goes through Apollo's usual error path (logged, formatted). */
const PLACEHOLDER_DOCUMENT = '{ __typename }';

/**
 * Resolves a persisted document id (`documentId`, or `extensions.persistedQuery.sha256Hash`) from
 * the manifest, and with TRUSTED_DOCUMENTS=enforce rejects any other document. Apollo's own
 * automatic persisted queries are off: this is the one way a document is named by id.
 */
function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      // Without a manifest, only a hash sent beside the text needs handling; Apollo judges the rest.
      if (!trusted.enabled && !request.extensions?.persistedQuery) return;
      const body = request.http?.body as { documentId?: unknown } | undefined;
      const documentId = body?.documentId ?? new URLSearchParams(request.http?.search ?? '').get('documentId') ?? undefined;
      let rejection: unknown;
      try {
        request.query = trusted.resolve({ query: request.query, documentId, extensions: request.extensions });
      } catch (error) {
        rejection = error;
        request.query = PLACEHOLDER_DOCUMENT;
      }
      if (request.extensions?.persistedQuery) {
        const { persistedQuery: _resolved, ...rest } = request.extensions;
        request.extensions = rest;
      }
      if (rejection === undefined) return;
      return {
        async didResolveOperation() {
          throw rejection;
        },
      };
    },
  };
}

/** The context of one HTTP operation: the viewer of its access token (if any), its trace id and address. */
export function requestContextFor(app: AppServices, policy: OperationPolicy, req: IncomingMessage, traceId: string): RequestContext | Promise<RequestContext> {
  const token = bearerToken(req.headers.authorization);
  // Without a token there is nothing to wait for (viewerFromToken answers null).
  if (!token) return new RequestContext(app, null, traceId, policy.clientIp(req));
  return viewerFromToken(app, token).then((auth) => new RequestContext(app, auth?.viewer ?? null, traceId, policy.clientIp(req)));
}

/** CORS on /graphql, for the `cors` middleware and the fast path's copy of its headers. */
export function graphqlCorsOptions(config: AppServices['config']): cors.CorsOptions {
  return {
    origin: config.corsOrigins,
    methods: ['GET', 'POST'],
    exposedHeaders: ['x-trace-id'],
    maxAge: 600,
  };
}

/** What body-parser made of a body, when the fast path has read it already and hands the request on. */
export type ReadBody = { body: unknown; error?: undefined } | { error: { status: number; type: string } };

const READ_BODY = Symbol('graphql body read by the fast path');

export function handOverReadBody(req: IncomingMessage, read: ReadBody): void {
  (req as IncomingMessage & { [READ_BODY]?: ReadBody })[READ_BODY] = read;
}

/**
 * Before express.json: a body the fast path has read (the stream is consumed) becomes `req.body`,
 * which body-parser then leaves alone (the request is finished), or body-parser's own error for it.
 */
const takeReadBody: express.RequestHandler = (req, _res, next) => {
  const read = (req as express.Request & { [READ_BODY]?: ReadBody })[READ_BODY];
  if (!read) return next();
  if (read.error) return next(read.error);
  req.body = read.body;
  next();
};

/** Apollo's Express integration refuses a request without `req.body`; its CSRF check must see it instead. */
const ensureBody: express.RequestHandler = (req, _res, next) => {
  req.body ??= undefined;
  next();
};

/** JSON body errors (too large, malformed) as GraphQL errors instead of Express's HTML page. */
const bodyErrors: express.ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
  if (res.headersSent) return next(error);
  const tooLarge = error.type === 'entity.too.large';
  const status = tooLarge ? 413 : (error.status ?? 400);
  if (status >= 500) return next(error);
  const problem = tooLarge ? `is larger than ${MAX_HTTP_BODY.toUpperCase()}` : 'is not valid JSON';
  // The contract's BAD_USER_INPUT always names what was wrong in `fields`.
  res.status(status).json({ errors: [badInput({ body: problem }, `Request body ${problem}`).toJSON()] });
};

export async function createGraphqlHttp(app: AppServices, schema: GraphQLSchema, httpServer: Server, metrics: Metrics, policy: OperationPolicy) {
  // Shared with the fast path: a document is compiled once, whichever path runs it first.
  const operations = new CompiledOperations(schema);
  const apollo = new ApolloServer<RequestContext>({
    // The schema, executed by graphql-jit (compiled-execution.ts).
    gateway: compiledExecutionGateway(schema, operations),
    // Introspection is refused by the policy's rules, the same ones the websocket runs.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    hideSchemaDetailsFromClientErrors: policy.hideSchemaDetails,
    validationRules: policy.validationRules,
    parseOptions: policy.limits.parseOptions,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's landing page loads Sandbox from a CDN; the playground is our own (PLAYGROUND).
      ApolloServerPluginLandingPageDisabled(),
      // We send no cache hints; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      operationLogPlugin(app, metrics),
      legacyJsonStatusPlugin(),
      requestGatePlugin(policy.limits),
      // Always on: with TRUSTED_DOCUMENTS=off it only drops a document hash sent beside the text.
      trustedDocumentsPlugin(policy.trusted),
    ],
  });
  await apollo.start();
  const middleware = expressMiddleware(apollo, {
    context: async ({ req, res }) => requestContextFor(app, policy, req, String(res.getHeader('x-trace-id'))),
  });
  const corsMiddleware = cors(graphqlCorsOptions(app.config));
  const router = express.Router();
  router.use(
    '/graphql',
    corsMiddleware,
    takeReadBody,
    express.json({ limit: MAX_HTTP_BODY }),
    ensureBody,
    middleware,
    bodyErrors,
  );
  return { router, operations, cors: corsMiddleware, stop: () => apollo.stop() };
}

export function traceMiddleware(): express.RequestHandler {
  return (req, res, next) => {
    res.setHeader('x-trace-id', traceIdFor(req));
    next();
  };
}
