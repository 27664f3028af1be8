// W1 peer: the real Chorus schema (type-graphql, `chorusSchema()`) served by Fastify + Mercurius
// with graphql-jit, no Apollo Server, no Express. Only `apiInfo` is benchmarked against it: its
// resolver needs nothing but the configuration, so no database is opened here.
// Run with: node --import @swc-node/register/esm-register bench/peers/mercurius/server.ts
import 'reflect-metadata';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import type { AppServices } from '../../../server/src/context/request-context.js';
import { RequestContext } from '../../../server/src/context/request-context.js';
import { chorusSchema } from '../../../server/src/app/schema.js';
import { loadConfig } from '../../../server/src/config.js';

const config = loadConfig();
const schema = await chorusSchema();
// apiInfo reads `context.app.config` only.
const app = { config } as unknown as AppServices;

const fastify = Fastify({ logger: false });
// Mercurius puts the Fastify instance in `context.app` (over ours): give it the configuration.
fastify.decorate('config', config);
await fastify.register(mercurius, {
  schema,
  path: '/graphql',
  graphiql: false,
  // Compile a document with graphql-jit from its first use on.
  jit: 1,
  context: (request) => new RequestContext(app, null, '', request.ip),
});
await fastify.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = fastify.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`BENCH_READY ${JSON.stringify({ port, pid: process.pid })}\n`);

const stop = () => {
  fastify.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
