import { graphql } from '../../gql/gql';
import type { RefreshTokenMutation } from '../../gql/graphql';
import { documentText } from '../document-text';
import { SessionRejectedError, type SessionGrant } from '../session-store';

const RefreshTokenDocument = graphql(`
  mutation RefreshToken($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
    }
  }
`);

/** Codes that mean "this refresh token is no good": the session is over. Others are worth a retry. */
const REJECTING_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND']);

/**
 * The token exchange, outside Apollo Client on purpose: Apollo's own links wait for it to finish.
 */
export function refreshTokenExchange(httpUrl: string) {
  const query = documentText(RefreshTokenDocument);
  return async (refreshToken: string, clientMutationId: string): Promise<SessionGrant> => {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ operationName: 'RefreshToken', query, variables: { input: { refreshToken, clientMutationId } } }),
    });
    const body = (await response.json().catch(() => null)) as {
      data?: RefreshTokenMutation | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    if (body?.data?.refreshToken) return body.data.refreshToken;
    const code = body?.errors?.[0]?.extensions?.code;
    if (code && REJECTING_CODES.has(code)) throw new SessionRejectedError(body?.errors?.[0]?.message);
    throw new Error(`token refresh failed (${response.status})`);
  };
}
