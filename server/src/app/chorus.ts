import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';
import { TokenService } from '../auth/tokens.js';
import { VIEWER_EVENT_TYPES, ViewerCache } from '../auth/viewer.js';
import { openDatabase } from '../db/database.js';
import { migrate, openOrm, pendingMigrations } from '../db/orm.js';
import { EventRelay } from '../events/event-relay.js';
import { notifyInsideWritingTransactions, wakeRelaysAfterCommit } from '../events/event-writer.js';
import type { Running } from '../context/chorus-module.js';
import { AGGREGATE_NAMES, MODULES } from '../modules/index.js';
import type { AppServices } from '../context/request-context.js';
import { clientStatic } from './client-static.js';
import { createGraphqlFastPath, type FastPathStats } from './graphql-fast-path.js';
import { createGraphqlHttp, traceMiddleware } from './graphql-http.js';
import { createGraphqlWs } from './graphql-ws.js';
import { logSerializers } from './error-log.js';
import { securityHeaders } from './http-security.js';
import { Metrics, metricsEndpoint } from './metrics.js';
import { operationPolicy } from './operation-policy.js';
import { playground } from './playground.js';
import { chorusSchema } from './schema.js';
import { sharingRules } from './shared-execution.js';
import { ViewerRegistry } from './viewer-registry.js';

/** Signed-in tokens remembered per process (~0.5 KB each); beyond it the least recently used go. */
const VIEWER_CACHE_ENTRIES = 50_000;

export interface StartOptions {
  /** Use this database instead of `DATABASE_URL` / the embedded one (tests). */
  databaseUrl?: string;
  /** Receives every SQL statement (tests that count statements). */
  onQuery?: (sql: string) => void;
  logger?: Logger;
  /** false: every GraphQL request goes through Express and Apollo (tests compare both paths' answers). */
  graphqlFastPath?: boolean;
  /**
   * Bench only (W6 compares them in one run; `npm start` always takes the default).
   * 'after-commit': the process wakes its own relay and tells the others with one coalesced NOTIFY,
   * outside any data transaction. 'off': no NOTIFY at all (other instances learn of events from
   * their safety read only). 'in-transaction': the NOTIFY inside every writing transaction, and
   * every commit and notification read at once, as before issue 16.
   */
  notifications?: 'after-commit' | 'off' | 'in-transaction';
}

export interface RunningChorus {
  url: string;
  port: number;
  app: AppServices;
  databaseUrl: string;
  /** What the GraphQL fast path served and handed over (null when it is off). */
  graphqlFastPath: FastPathStats | null;
  close(): Promise<void>;
}

/** Starts everything: database, migrations, event relay, HTTP + websocket on one port. */
export async function startChorus(config: Config, options: StartOptions = {}): Promise<RunningChorus> {
  // Also over a logger the caller passes in: no log line of ours may carry a value from SQL.
  const log = (options.logger ?? pino({ level: config.logLevel, base: { service: 'chorus' } })).child({}, { serializers: logSerializers });
  const database = options.databaseUrl
    ? { url: options.databaseUrl, description: 'given database', stop: async () => {} }
    : await openDatabase(config);
  const cleanup: (() => Promise<unknown>)[] = [() => database.stop()];
  let closing: Promise<void> | undefined;
  const closeAll = () =>
    (closing ??= (async () => {
      for (const step of [...cleanup].reverse()) {
        await step().catch((error) => log.error({ err: error }, 'shutdown step failed'));
      }
    })());
  try {
    const orm = await openOrm(database.url, { onQuery: options.onQuery });
    cleanup.push(() => orm.close());
    const applied = await migrate(orm);
    if (applied.length) log.info({ migrations: applied }, 'applied migrations');

    const notifications = options.notifications ?? 'after-commit';
    const relay = new EventRelay({
      connectionString: database.url,
      pollIntervalMs: config.relayPollIntervalMs,
      // Chorus before issue 16 read the log on every commit and notification, whatever was due.
      foldWakeups: notifications !== 'in-transaction',
      // What ends sign-ins (the viewer registry and cache below) is read at once on every instance.
      promptTypes: VIEWER_EVENT_TYPES,
      onError: (error, context) => log.warn({ err: error, context }, 'event relay problem; retrying'),
    });
    const knex = orm.em.getConnection().getKnex();
    const metrics = new Metrics(() => {
      const pool = (knex.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
      return { used: pool?.numUsed() ?? 0, free: pool?.numFree() ?? 0, pending: pool?.numPendingAcquires() ?? 0 };
    });
    const viewers = new ViewerRegistry(config.maxSocketsPerUser, config.accessTokenTtlSeconds * 1000);
    relay.observe((event) => viewers.apply(event));
    // Evicted twice for this process's own events (commit, then relay); the second finds nothing.
    const viewerCache = new ViewerCache(VIEWER_CACHE_ENTRIES);
    relay.observe((event) => viewerCache.apply(event));
    relay.observe((event) => {
      metrics.eventsRelayed.inc({ aggregate: event.aggregateType });
      // Events nobody here follows wait for the next read (the poll's at the latest): no lag to speak of.
      if (relay.follows(event.aggregateType)) metrics.relayLagSeconds.observe(Math.max(0, Date.now() - event.at.getTime()) / 1000);
    });
    await relay.start();
    cleanup.push(() => relay.stop());
    if (notifications === 'in-transaction') notifyInsideWritingTransactions(orm);
    wakeRelaysAfterCommit(orm, (committed) => {
      // Before the revoking request answers: its own instance refuses the token from then on.
      for (const event of committed) viewerCache.apply(event);
      // 'in-transaction' notifies in the transaction, and its relay folds nothing (foldWakeups above).
      relay.announce(committed.map((event) => event.aggregateType), { notify: notifications === 'after-commit' });
    });

    const app: AppServices = {
      config,
      orm,
      tokens: new TokenService(config.jwtSecret, config.accessTokenTtlSeconds, config.refreshTokenTtlSeconds),
      viewerCache,
      relay,
      aggregateNames: AGGREGATE_NAMES,
      log,
    };
    // After the relay, stopped before it (the story runner stores how each running story ended).
    for (const module of MODULES) {
      if (!module.start) continue;
      const running: Running = await module.start(app);
      cleanup.push(() => running.stop());
    }
    const schema = await chorusSchema();

    const expressApp = express();
    // Express, or the GraphQL fast path in front of it once the GraphQL routes exist.
    let listener: http.RequestListener = expressApp;
    const httpServer = http.createServer((req, res) => listener(req, res));
    // Longer than a proxy's upstream keep-alive (deploy/nginx.conf: 60 s), so the proxy never
    // sends a request on a connection this side is closing.
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
    expressApp.disable('x-powered-by');
    // API answers are not revalidated; hashing every body for an ETag cost ~5% of a small request.
    expressApp.set('etag', false);
    expressApp.set('trust proxy', config.trustProxy);
    expressApp.use(traceMiddleware());
    const security = securityHeaders(config);
    expressApp.use(security);
    expressApp.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    expressApp.get('/readyz', async (_req, res) => {
      try {
        await orm.em.getConnection().execute('select 1');
        const pending = await pendingMigrations(orm);
        if (pending.length) res.status(503).json({ status: 'migrations pending', pending });
        else res.json({ status: 'ready' });
      } catch {
        res.status(503).json({ status: 'database unreachable' });
      }
    });
    expressApp.get('/metrics', metricsEndpoint(metrics, config.metricsToken));

    const policy = operationPolicy(config);
    const graphqlHttp = await createGraphqlHttp(app, schema, httpServer, metrics, policy);
    cleanup.push(() => graphqlHttp.stop());
    let fastPathStats: FastPathStats | null = null;
    if (options.graphqlFastPath !== false) {
      const fastPath = createGraphqlFastPath({ app, schema, metrics, policy, operations: graphqlHttp.operations, securityHeaders: security, cors: graphqlHttp.cors });
      fastPathStats = fastPath.stats;
      listener = (req, res) => fastPath.handle(req, res, expressApp);
    }
    // Before the GraphQL router: a browser opening /graphql gets GraphiQL.
    expressApp.get('/graphql', playground(config));
    expressApp.use(graphqlHttp.router);
    for (const module of MODULES) if (module.httpRoutes) expressApp.use(module.httpRoutes(app, policy.clientIp));

    if (existsSync(path.join(config.clientDir, 'index.html'))) {
      expressApp.use(clientStatic(config.clientDir));
    }
    // Our own 404 (Express's default replaces the security headers with its own CSP).
    expressApp.use((_req, res) => {
      res.status(404).json({ error: 'Not found' });
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    // After listening: the websocket server re-emits a failed listen, and graphql-ws prints it with
    // a stack trace. Attached in the same turn, before any upgrade request can be read.
    const graphqlWs = createGraphqlWs(app, schema, httpServer, metrics, viewers, policy, sharingRules(MODULES));
    cleanup.push(() => graphqlWs.stop());
    const port = (httpServer.address() as AddressInfo).port;
    const shownHost = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
    log.info({ database: database.description }, 'chorus started');
    return {
      url: `http://${shownHost}:${port}`,
      port,
      app,
      databaseUrl: database.url,
      graphqlFastPath: fastPathStats,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
