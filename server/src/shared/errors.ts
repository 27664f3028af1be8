import { GraphQLError } from 'graphql';

/** The error codes of the public contract (API.md). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'RESUME_REQUIRED'
  | 'INTERNAL_SERVER_ERROR';

export const EXPOSED_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
  'RESUME_REQUIRED',
]);

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const unauthenticated = (message = 'You must be signed in') => apiError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this') => apiError('FORBIDDEN', message);
export const notFound = (what: string) => apiError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => apiError('CONFLICT', message);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts, try again later') =>
  apiError('RATE_LIMITED', message, { retryAfterSeconds });
export const badInput = (fields: Record<string, string>, message = 'Invalid input') =>
  apiError('BAD_USER_INPUT', message, { fields });

/** A subscription that fell too far behind ends with this; the client subscribes again `after: cursor`. */
export const resumeRequired = (cursor: string) =>
  apiError('RESUME_REQUIRED', 'This subscription fell too far behind; subscribe again with `after` set to extensions.cursor', { cursor });

export const staleVersion = (what: string, current: number) =>
  apiError('CONFLICT', `${what} was changed by someone else (now at version ${current})`, { currentVersion: current });
