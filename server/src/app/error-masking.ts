import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { EXPOSED_CODES } from '../shared/errors.js';

const INTERNAL_MESSAGE = 'Internal server error';

/** Codes from graphql-js / Apollo, mapped onto the contract's (API.md) codes. */
const FRAMEWORK_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
  // Not in API.md's list, by design: Apollo Client's persisted-query link answers it by sending the text.
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
};

/** `Variable "$input" got invalid value ...` → `{ input: message }`. */
function variableFields(message: string): Record<string, string> | undefined {
  const match = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message);
  return match ? { [match[1]!]: message } : undefined;
}

/**
 * What a client may see of an error: the contract's codes with their messages; anything else is
 * masked to INTERNAL_SERVER_ERROR with the trace id (the original is logged by the caller).
 */
export function formatForClient(
  formatted: GraphQLFormattedError,
  traceId?: string,
): { error: GraphQLFormattedError; internal: boolean } {
  const rawCode = formatted.extensions?.code;
  const code = typeof rawCode === 'string' ? (EXPOSED_CODES.has(rawCode) ? rawCode : FRAMEWORK_CODES[rawCode]) : undefined;
  if (!code) {
    return {
      internal: true,
      error: { message: INTERNAL_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(traceId ? { traceId } : {}) } },
    };
  }
  const { stacktrace: _stacktrace, http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (code === 'BAD_USER_INPUT' && !extensions.fields) {
    extensions.fields = variableFields(formatted.message) ?? { input: formatted.message };
  }
  return { internal: false, error: { ...formatted, extensions: { ...extensions, code } } };
}

/** graphql-js validation errors carry no code; give them the contract's. */
export function withValidationCode(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes,
        extensions: { ...error.extensions, code: error.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED' },
      }),
  );
}
