import type { IncomingMessage } from 'node:http';
import {
  type DocumentNode,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config.js';
import { type OperationLimits, operationLimits } from './operation-limits.js';
import { clientIpResolver } from './trace.js';
import { TrustedDocuments } from './trusted-documents.js';

/** What both transports (Apollo over HTTP, graphql-ws) enforce on every operation, built once. */
export interface OperationPolicy {
  /** Tokens at parse, depth/aliases/directives at validation, cost once the variables are known. */
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

/**
 * The operation a request runs and its variables, refused as Apollo refuses them over HTTP (same
 * messages, BAD_USER_INPUT) for the websocket, where graphql-ws would otherwise raise them without a
 * code (masked as INTERNAL_SERVER_ERROR): an operationName that names no operation, and variables
 * that do not coerce.
 */
export function resolveOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): { operation: OperationDefinitionNode; errors?: undefined } | { operation?: undefined; errors: GraphQLError[] } {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
    return { errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fields: { operationName: message } } })] };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) {
    return { errors: coerced.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } })) };
  }
  return { operation };
}
