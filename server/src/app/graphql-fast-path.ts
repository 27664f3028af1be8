import { createHash } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type express from 'express';
import {
  type DocumentNode,
  type ExecutionResult,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { AppServices, RequestContext } from '../context/request-context.js';
import { millisecondsSince } from '../shared/elapsed.js';
import { COMPILED_OPERATIONS, type CompiledOperations } from './compiled-execution.js';
import {
  acceptsGraphqlResponse,
  addTraceIds,
  errorCodesOf,
  formatError,
  handOverReadBody,
  legacyJsonStatus,
  logUnexpectedErrors,
  MAX_HTTP_BODY_BYTES,
  type ReadBody,
  requestContextFor,
  requestGateRefusal,
} from './graphql-http.js';
import type { Metrics } from './metrics.js';
import { recordOperation } from './operation-log.js';
import type { OperationPolicy } from './operation-policy.js';
import { traceIdFor } from './trace.js';

/*
 * The GraphQL fast path (decision 034). Express, helmet, cors, body-parser and Apollo Server's
 * request pipeline cost ~8× the CPU of Mercurius for a trivial query (bench W1). This listener sits
 * before Express and serves the common request — `POST /graphql`, `application/json`, a plain
 * `{ query, variables?, operationName? }` of a document already parsed, validated and compiled —
 * with the same answer, headers, operation log and metrics as Apollo's path. Anything else, and
 * anything refused before execution, goes to Express and Apollo unchanged, which answer as always:
 * a refusal is never written here, only results of executions.
 */

/** Texts kept prepared (parsed and validated, or known to go to Apollo), like CompiledOperations. */
const PREPARED_DOCUMENTS = COMPILED_OPERATIONS;
/** The client's largest document is ~0.5 KB; longer texts go to Apollo and are not kept. */
const MAX_PREPARED_TEXT = 16 * 1024;
/** Distinct Origin values whose CORS headers are kept (any site may send any Origin). */
const CORS_ORIGINS_KEPT = 100;

/** The request bodies body-parser reads as JSON, spelled as clients send them; others go to Express. */
const JSON_REQUEST_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

const JSON_RESPONSE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';

/**
 * The content type Apollo picks (negotiator over application/json, application/graphql-response+json
 * and the callback variant) for the Accept headers clients send; any other goes to Apollo.
 * tests/server/fast-path.test.ts compares every entry with Apollo's answer.
 */
const RESPONSE_TYPES = new Map<string, string>([
  ['', JSON_RESPONSE],
  ['*/*', JSON_RESPONSE],
  ['application/json', JSON_RESPONSE],
  ['application/json, */*', JSON_RESPONSE],
  ['application/json, application/graphql-response+json', JSON_RESPONSE],
  ['application/graphql-response+json', GRAPHQL_RESPONSE],
  ['application/graphql-response+json, application/json', GRAPHQL_RESPONSE],
  // Apollo Client 4 and graphql-http's client.
  ['application/graphql-response+json,application/json;q=0.9', GRAPHQL_RESPONSE],
  ['application/graphql-response+json, application/json;q=0.9', GRAPHQL_RESPONSE],
]);

const DIGITS = /^\d+$/;
// body-parser's test for a strict JSON body: the first character that is not JSON whitespace.
// eslint-disable-next-line no-control-regex -- tab, newline and return are JSON whitespace
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;
const PARSE_FAILED: ReadBody = { error: { status: 400, type: 'entity.parse.failed' } };

/** A document this path may run: parsed and validated as Apollo does, trusted if the manifest is on. */
interface Prepared {
  document: DocumentNode;
  /** Apollo's query hash, so both paths share the compiled operation. */
  queryHash: string;
}

export interface FastPathStats {
  /** Operations executed and answered by the fast path. */
  served: number;
  /** Requests handed to Express (before or after reading the body). */
  handedOver: number;
}

export interface GraphqlFastPathOptions {
  app: AppServices;
  schema: GraphQLSchema;
  metrics: Metrics;
  policy: OperationPolicy;
  /** Apollo's, so a document is compiled once. */
  operations: CompiledOperations;
  /** The same middleware instances Express runs: their headers are taken from them, not retyped. */
  securityHeaders: express.RequestHandler;
  cors: express.RequestHandler;
}

/** The headers a synchronous middleware sets, as a flat [name, value, …] list for writeHead. */
function headersSetBy(middleware: express.RequestHandler, request: { method: string; headers: Record<string, string> }): string[] {
  const headers = new Map<string, [string, string]>();
  const response = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`the fast path copies string headers only (${name})`);
      headers.set(name.toLowerCase(), [name, value]);
    },
    getHeader: (name: string) => headers.get(name.toLowerCase())?.[1],
    hasHeader: (name: string) => headers.has(name.toLowerCase()),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  let passedOn = false;
  middleware(request as never, response as never, (error?: unknown) => {
    if (error) throw error;
    passedOn = true;
  });
  if (!passedOn) throw new Error('the fast path needs a middleware that passes the request on at once');
  return [...headers.values()].flat();
}

/** What body-parser (express.json, strict) makes of a body: its value, or its parse error. */
function readAsBodyParser(text: string): ReadBody {
  // iconv-lite, body-parser's decoder, drops a byte-order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return { body: {} };
  const first = FIRST_NON_WHITESPACE.exec(body)![1];
  if (first !== '{' && first !== '[') return PARSE_FAILED;
  try {
    return { body: JSON.parse(body) };
  } catch {
    return PARSE_FAILED;
  }
}

interface PlainRequest {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

/** A request the fast path runs: its document, and the operation in it that `plan` checked. */
interface PlannedRun extends PlainRequest {
  document: Prepared;
  operation: OperationDefinitionNode;
}

/** `{ query, variables?, operationName? }` as Apollo reads them; anything else is Apollo's to judge. */
function plainRequest(body: unknown): PlainRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, variables, operationName } = body as Record<string, unknown>;
  for (const key of Object.keys(body)) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
  if (typeof query !== 'string' || !query) return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined };
}

/** Apollo's normalizeAndFormatErrors with our formatError: the errors as sent, and the HTTP head they ask for. */
function formatAsApollo(errors: readonly GraphQLError[]): { formatted: GraphQLFormattedError[]; status: number | undefined; headers: Map<string, string> } {
  let status: number | undefined;
  const headers = new Map<string, string>();
  const formatted = errors.map((error) => {
    try {
      const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
      const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
      if (http && typeof http === 'object' && (!('status' in http) || typeof http.status === 'number') && (!('headers' in http) || http.headers instanceof Map)) {
        if (http.status) status = http.status as number;
        for (const [name, value] of (http.headers as Map<string, string> | undefined) ?? []) headers.set(name.toLowerCase(), value);
        delete extensions.http;
      }
      return formatError({ ...error.toJSON(), extensions });
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
  return { formatted, status, headers };
}

export function createGraphqlFastPath(options: GraphqlFastPathOptions) {
  const { app, schema, metrics, policy, operations } = options;
  const stats: FastPathStats = { served: 0, handedOver: 0 };
  const rules = [...specifiedRules, ...policy.validationRules];
  // helmet's headers depend on the configuration only: taken once, written with every answer.
  const securityHeaders = headersSetBy(options.securityHeaders, { method: 'POST', headers: {} });
  const corsByOrigin = new Map<string | undefined, string[]>();
  const prepared = new Map<string, Prepared | null>();

  const corsHeaders = (origin: string | undefined): string[] => {
    let headers = corsByOrigin.get(origin);
    if (!headers) {
      headers = headersSetBy(options.cors, { method: 'POST', headers: origin === undefined ? {} : { origin } });
      if (corsByOrigin.size < CORS_ORIGINS_KEPT) corsByOrigin.set(origin, headers);
    }
    return headers;
  };

  /** The document for a text, or null when Apollo must judge it (it answers with the errors). */
  const prepare = (query: string): Prepared | null => {
    const known = prepared.get(query);
    if (known !== undefined) {
      // Most recently used last.
      prepared.delete(query);
      prepared.set(query, known);
      return known;
    }
    if (query.length > MAX_PREPARED_TEXT) return null;
    let result: Prepared | null = null;
    try {
      const document = parse(query, policy.limits.parseOptions);
      // With the manifest on, only its texts (Apollo's trustedDocumentsPlugin resolves the same way).
      const trusted = !policy.trusted.enabled || policy.trusted.resolve({ query }) === query;
      if (trusted && validate(schema, document, rules).length === 0) {
        result = { document, queryHash: createHash('sha256').update(query).digest('hex') };
      }
    } catch {
      result = null;
    }
    for (const oldest of prepared.keys()) {
      if (prepared.size < PREPARED_DOCUMENTS) break;
      prepared.delete(oldest);
    }
    prepared.set(query, result);
    return result;
  };

  const handOver = (req: IncomingMessage, res: ServerResponse, express: RequestListener, read?: ReadBody) => {
    stats.handedOver++;
    if (read) handOverReadBody(req, read);
    express(req, res);
  };

  const execute = async (
    req: IncomingMessage,
    res: ServerResponse,
    responseType: string,
    run: PlannedRun,
    context: RequestContext,
    started: bigint,
  ) => {
    const { operationName, variables, document, operation } = run;
    let result: ExecutionResult | undefined;
    let thrown: unknown;
    try {
      result = await operations.run(`${document.queryHash}:${operationName ?? ''}`, document.document, operationName, context, variables);
    } catch (error) {
      thrown = error;
    }
    // What Apollo's pipeline and our plugins do with the result (requestPipeline, operationLogPlugin, legacyJsonStatusPlugin).
    let errors = result?.errors as GraphQLError[] | undefined;
    if (thrown !== undefined) errors = [thrown instanceof GraphQLError ? thrown : new GraphQLError(thrown instanceof Error ? thrown.message : `Unexpected error value: ${String(thrown)}`, { originalError: thrown instanceof Error ? thrown : undefined })];
    let status: number | undefined;
    let formatted: GraphQLFormattedError[] | undefined;
    let errorHeaders: Map<string, string> | undefined;
    if (errors) {
      logUnexpectedErrors(app, context.traceId, errors);
      ({ formatted, status, headers: errorHeaders } = formatAsApollo(errors));
      if (thrown !== undefined) status ||= 500;
      else if (errors.length && result!.data === undefined && !status) status = 400;
      if (!acceptsGraphqlResponse(req.headers.accept ?? '')) status = legacyJsonStatus(status, errors);
      addTraceIds(formatted, context.traceId);
    }
    recordOperation(app, metrics, {
      transport: 'http',
      traceId: context.traceId,
      operationName: operation.name?.value || null,
      operationType: operation.operation,
      userId: context.viewer?.id ?? null,
      durationMs: millisecondsSince(started),
      errorCodes: errorCodesOf(errors),
    });
    // Apollo's prettyJSONStringify over orderExecutionResultFields.
    const body = JSON.stringify({ errors: formatted, data: result?.data, extensions: result?.extensions }) + '\n';
    const head = ['x-trace-id', context.traceId, ...securityHeaders, ...corsHeaders(req.headers.origin)];
    for (const [name, value] of errorHeaders ?? []) if (name !== 'content-type') head.push(name, value);
    head.push('content-type', errorHeaders?.get('content-type') ?? responseType, 'content-length', String(Buffer.byteLength(body)));
    stats.served++;
    res.writeHead(status || 200, head);
    res.end(body);
  };

  /** Whether this request is the fast path's to run, and with what; else what to hand to Express. */
  const plan = (text: string): { run: PlannedRun; read?: undefined } | { read: ReadBody; run?: undefined } => {
    const read = readAsBodyParser(text);
    const request = read.error ? undefined : plainRequest(read.body);
    if (!request) return { read };
    const document = prepare(request.query);
    const operation = document && getOperationAST(document.document, request.operationName);
    // No operation to run, a subscription, variables that do not coerce, the cost or string gates:
    // Apollo's refusals, so Apollo's answers.
    if (!operation || operation.operation === 'subscription') return { read };
    if (operation.variableDefinitions?.length && getVariableValues(schema, operation.variableDefinitions, request.variables ?? {}).errors) return { read };
    if (requestGateRefusal(policy.limits, schema, document.document, operation.operation, request.operationName, request.variables)) return { read };
    return { run: { ...request, document, operation } };
  };

  const serve = (req: IncomingMessage, res: ServerResponse, express: RequestListener, responseType: string, text: string) => {
    let planned: ReturnType<typeof plan>;
    let context: RequestContext | Promise<RequestContext> | undefined;
    try {
      planned = plan(text);
      if (planned.run) context = requestContextFor(app, policy, req, traceIdFor(req));
    } catch (error) {
      // Nothing has run: Express and Apollo answer (and log) whatever this was.
      app.log.error({ err: error }, 'graphql fast path failed before execution; handed to Apollo');
      return handOver(req, res, express, readAsBodyParser(text));
    }
    const { run } = planned;
    if (!run || !context) return handOver(req, res, express, planned.read);
    const started = process.hrtime.bigint();
    const answer = (ready: RequestContext) =>
      execute(req, res, responseType, run, ready, started).catch((error: unknown) => failed(req, res, error, ready.traceId));
    if (!(context instanceof Promise)) return void answer(context);
    // A failed viewer check is Apollo's to answer (context creation failed): nothing has run yet.
    context.then(answer, () => handOver(req, res, express, readAsBodyParser(text)));
  };

  /** After execution nothing can be handed over: Apollo's answer to a failure in its own pipeline. */
  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown, traceId: string) => {
    app.log.error({ traceId, err: error }, 'graphql fast path failed after execution');
    if (res.headersSent) return void res.destroy();
    const body = JSON.stringify({ errors: [formatError({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }) + '\n';
    res.writeHead(500, ['x-trace-id', traceId, ...securityHeaders, ...corsHeaders(req.headers.origin), 'content-type', JSON_RESPONSE, 'content-length', String(Buffer.byteLength(body))]);
    res.end(body);
  };

  /** The server's request listener: the fast path, else `express`. */
  const handle = (req: IncomingMessage, res: ServerResponse, express: RequestListener): void => {
    if (req.method !== 'POST' || req.url !== '/graphql') return handOver(req, res, express);
    const headers = req.headers;
    const length = headers['content-length'];
    const responseType = RESPONSE_TYPES.get(headers.accept ?? '');
    // Only what body-parser reads as it comes (no encoding, a known length within the limit) and
    // Apollo's CSRF check lets through: everything else is theirs, body unread.
    if (
      responseType === undefined ||
      !JSON_REQUEST_TYPES.has(headers['content-type']?.toLowerCase() ?? '') ||
      headers['content-encoding'] !== undefined ||
      headers['transfer-encoding'] !== undefined ||
      length === undefined ||
      !DIGITS.test(length) ||
      Number(length) === 0 ||
      Number(length) > MAX_HTTP_BODY_BYTES
    ) {
      return handOver(req, res, express);
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // An aborted upload has no one to answer (body-parser's error would go to a closed socket).
    req.on('error', () => {});
    req.on('end', () => serve(req, res, express, responseType, (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
  };

  // Apollo adds usage reporting with an Apollo key: those requests must go through its pipeline.
  const enabled = !process.env.APOLLO_KEY;
  return { handle: enabled ? handle : (req: IncomingMessage, res: ServerResponse, express: RequestListener) => express(req, res), stats };
}
