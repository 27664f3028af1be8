import type { IncomingMessage } from 'node:http';
import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import { type OperationLimits, operationLimits } from './operation-limits.js';
import { clientIpResolver } from './trace.js';
import { TrustedDocuments } from './trusted-documents.js';

/** What both transports (Apollo over HTTP, graphql-ws) enforce on every operation, built once. */
export interface OperationPolicy {
  limits: OperationLimits;
  /**
   * The validation rules beyond graphql-js's own, for both transports: the limits, and no
   * introspection when INTROSPECTION is off (Apollo's own switch covered HTTP only).
   */
  validationRules: ValidationRule[];
  trusted: TrustedDocuments;
  /** No "Did you mean …?" in errors: suggestions reveal the schema, so they follow INTROSPECTION. */
  hideSchemaDetails: boolean;
  clientIp: (request: IncomingMessage) => string;
}

export function operationPolicy(config: Config): OperationPolicy {
  const limits = operationLimits();
  return {
    limits,
    validationRules: [...limits.validationRules, ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
    trusted: TrustedDocuments.load(config.trustedDocuments),
    hideSchemaDetails: !config.introspection,
    clientIp: clientIpResolver(config.trustProxy),
  };
}
