import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';

/** The contract's error codes (API.md) as the client sees them. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR';

export function hasErrorCode(errors: readonly GraphQLFormattedError[] | undefined, code: ErrorCode): boolean {
  return (errors ?? []).some((error) => error.extensions?.code === code);
}

/** The first error's code, when the server sent one. */
export function errorCode(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The server's own message (what a toast or an alert shows). */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const messages = [...new Set(error.errors.map((item) => item.message))];
    return messages.join(' ') || 'The server refused the request.';
  }
  if (ServerError.is(error)) return `The server answered ${error.statusCode}. Please try again.`;
  if (error instanceof Error && /fetch|network|socket/i.test(error.message)) {
    return 'Cannot reach the server. Check your connection and try again.';
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** `BAD_USER_INPUT` errors name the fields at fault: `{ fieldName: message }`. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!CombinedGraphQLErrors.is(error)) return {};
  const fields: Record<string, string> = {};
  for (const item of error.errors) {
    const given = item.extensions?.fields;
    if (item.extensions?.code !== 'BAD_USER_INPUT' || !given || typeof given !== 'object') continue;
    for (const [name, message] of Object.entries(given)) {
      if (typeof message === 'string') fields[name] = message;
    }
  }
  return fields;
}
