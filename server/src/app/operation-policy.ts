import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { type OperationLimits, operationLimits } from './operation-limits.js';
import { clientIpResolver } from './trace.js';
import { TrustedDocuments } from './trusted-documents.js';

/** What both transports (Apollo over HTTP, graphql-ws) enforce on every operation, built once. */
export interface OperationPolicy {
  limits: OperationLimits;
  trusted: TrustedDocuments;
  /** No "Did you mean …?" in errors: suggestions reveal the schema, so they follow INTROSPECTION. */
  hideSchemaDetails: boolean;
  clientIp: (request: IncomingMessage) => string;
}

export function operationPolicy(config: Config): OperationPolicy {
  return {
    limits: operationLimits(),
    trusted: TrustedDocuments.load(config.trustedDocuments),
    hideSchemaDetails: !config.introspection,
    clientIp: clientIpResolver(config.trustProxy),
  };
}
