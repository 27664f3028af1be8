import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import { viewerFromToken } from '../auth/viewer.js';
import { bearerToken } from '../auth/tokens.js';
import { type AppServices, RequestContext } from './context.js';
import { formatForClient } from './error-masking.js';
import type { Metrics } from './metrics.js';
import { clientIp, traceIdFor } from './trace.js';

/** One log line and one metric sample per operation; variables are never logged (they hold passwords). */
function operationLogPlugin(app: AppServices, metrics: Metrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue: context }) {
          for (const error of errors) {
            if (!formatForClient({ message: error.message, extensions: error.extensions }).internal) continue;
            app.log.error({ traceId: context.traceId, err: error.originalError ?? error, path: error.path }, 'unexpected error');
          }
        },
        async willSendResponse({ operationName, operation, errors, contextValue: context, response }) {
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') (error.extensions as Record<string, unknown>).traceId = context.traceId;
            }
          }
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = (errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const outcome = codes[0] ?? 'ok';
          const type = operation?.operation ?? 'unknown';
          metrics.operations.inc({ operation: operationName ?? 'anonymous', type, outcome });
          metrics.operationSeconds.observe({ type }, durationMs / 1000);
          app.log.info(
            {
              traceId: context.traceId,
              operationName: operationName ?? null,
              operationType: type,
              userId: context.viewer?.id ?? null,
              durationMs: Math.round(durationMs * 100) / 100,
              outcome,
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

export async function createGraphqlHttp(app: AppServices, schema: GraphQLSchema, httpServer: Server, metrics: Metrics) {
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: app.config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: app.config.isProduction,
    formatError: (formatted) => formatForClient(formatted).error,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), operationLogPlugin(app, metrics)],
  });
  await apollo.start();
  const middleware = expressMiddleware(apollo, {
    context: async ({ req, res }) => {
      const traceId = String(res.getHeader('x-trace-id'));
      const auth = await viewerFromToken(app, bearerToken(req.headers.authorization));
      return new RequestContext(app, auth?.viewer ?? null, traceId, clientIp(req));
    },
  });
  const router = express.Router();
  router.use('/graphql', express.json({ limit: '1mb' }), middleware);
  return { router, stop: () => apollo.stop() };
}

export function traceMiddleware(): express.RequestHandler {
  return (req, res, next) => {
    res.setHeader('x-trace-id', traceIdFor(req));
    next();
  };
}
