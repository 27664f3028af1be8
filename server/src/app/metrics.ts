import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { bearerToken } from '../auth/tokens.js';

const MAX_OPERATION_NAMES = 500;

/** One registry per server instance (tests run several in one process). */
export class Metrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: 'chorus_graphql_operations_total',
    help: 'GraphQL operations by name, type, transport (http or ws) and outcome (ok or an error code).',
    labelNames: ['operation', 'type', 'transport', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly operationSeconds = new Histogram({
    name: 'chorus_graphql_operation_duration_seconds',
    help: 'GraphQL query and mutation latency, by transport.',
    labelNames: ['type', 'transport'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly websocketConnections = new Gauge({
    name: 'chorus_websocket_connections',
    help: 'Open graphql-ws connections.',
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: 'chorus_active_subscriptions',
    help: 'Active subscriptions by root field.',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });

  readonly eventsRelayed = new Counter({
    name: 'chorus_events_relayed_total',
    help: 'Domain events read from the log and dispatched by this process.',
    labelNames: ['aggregate'] as const,
    registers: [this.registry],
  });

  readonly relayLagSeconds = new Histogram({
    name: 'chorus_relay_lag_seconds',
    help: 'Time from an event being written to this process dispatching it.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  private readonly operationNames = new Set<string>();

  /**
   * Operation names come from clients: past a bound, new ones are counted as `other` so that
   * nobody can grow the metrics without limit.
   */
  operationLabel(name: string | null): string {
    const label = name ?? 'anonymous';
    if (this.operationNames.has(label)) return label;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(label);
    return label;
  }

  constructor(poolStats?: () => { used: number; free: number; pending: number }) {
    collectDefaultMetrics({ register: this.registry });
    if (poolStats) {
      new Gauge({
        name: 'chorus_db_pool_connections',
        help: 'Database pool connections by state.',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const stats = poolStats();
          this.set({ state: 'used' }, stats.used);
          this.set({ state: 'free' }, stats.free);
          this.set({ state: 'pending' }, stats.pending);
        },
      });
    }
  }
}

/**
 * `/metrics`: open when no token is configured (a private network scrapes it), otherwise only for
 * `Authorization: Bearer <token>`. Digests make the comparison constant-time whatever the length.
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? null : createHash('sha256').update(token).digest();
  return async (req, res) => {
    if (expected) {
      const given = createHash('sha256').update(bearerToken(req.headers.authorization) ?? '').digest();
      if (!timingSafeEqual(given, expected)) {
        res.status(401).set('www-authenticate', 'Bearer').json({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        return;
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
