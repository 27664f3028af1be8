// W2 peer: PostGraphile 4.14.1 over the same tables (schema `public` of the benchmark database).
// Its own folder and node_modules (graphql 15). The viewer comes from the same JWT Chorus accepts
// (HS256, iss chorus, aud chorus-api): PostGraphile verifies it and exposes the claims as
// `jwt.claims.*`, which `tweet_liked_by_me(tweet)` (created by the seed) reads.
// Env: DATABASE_URL, JWT_SECRET, PORT (0 = any).
'use strict';
const http = require('node:http');
const { postgraphile } = require('postgraphile');

const middleware = postgraphile(process.env.DATABASE_URL, 'public', {
  jwtSecret: process.env.JWT_SECRET,
  jwtVerifyOptions: { audience: 'chorus-api', issuer: 'chorus', algorithms: ['HS256'] },
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  retryOnInitFail: false,
  enableQueryBatching: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: true,
  legacyRelations: 'omit',
  showErrorStack: false,
  extendedErrors: [],
});

const server = http.createServer(middleware);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`BENCH_READY ${JSON.stringify({ port: server.address().port, pid: process.pid })}\n`);
});

const stop = () => {
  server.close();
  middleware.release().then(
    () => process.exit(0),
    () => process.exit(1),
  );
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
