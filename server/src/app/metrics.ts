import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per server instance (tests run several in one process). */
export class Metrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: 'chorus_graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome (ok or an error code).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly operationSeconds = new Histogram({
    name: 'chorus_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency over HTTP.',
    labelNames: ['type'] as const,
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
