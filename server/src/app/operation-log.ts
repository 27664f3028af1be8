import type { AppServices } from '../context/request-context.js';
import type { Metrics } from './metrics.js';

export interface OperationRecord {
  transport: 'http' | 'ws';
  traceId: string;
  operationName: string | null;
  operationType: string;
  userId: string | null;
  durationMs: number;
  /** The contract codes of the errors sent to the client; empty when all went well. */
  errorCodes: string[];
}

/**
 * One log line and one metric sample per operation, on either transport. Variables and results
 * are never logged: they hold passwords and tokens.
 */
export function recordOperation(app: AppServices, metrics: Metrics, record: OperationRecord): void {
  const outcome = record.errorCodes[0] ?? 'ok';
  const operation = metrics.operationLabel(record.operationName);
  metrics.operations.inc({ operation, type: record.operationType, transport: record.transport, outcome });
  // A subscription's duration is its lifetime, not a latency.
  if (record.operationType !== 'subscription') {
    metrics.operationSeconds.observe({ type: record.operationType, transport: record.transport }, record.durationMs / 1000);
  }
  app.log.info(
    {
      traceId: record.traceId,
      transport: record.transport,
      operationName: record.operationName,
      operationType: record.operationType,
      userId: record.userId,
      durationMs: Math.round(record.durationMs * 100) / 100,
      outcome,
      ...(record.errorCodes.length ? { errorCodes: record.errorCodes } : {}),
    },
    'graphql operation',
  );
}
