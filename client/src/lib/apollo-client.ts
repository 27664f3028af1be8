import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { HttpLink } from '@apollo/client/link/http';
import { relayStylePagination } from '@apollo/client/utilities';
import type { Client as WsClient } from 'graphql-ws';
import { concatMap, from, of } from 'rxjs';
import { documentHashLink } from './document-hash-link';
import { documentText } from './document-text';
import { hasErrorCode } from './graphql-errors';
import type { SessionStore } from './session-store';
import { WsLink } from './ws-link';

/** Operations that must never trigger a token refresh (they are how one gets a token). */
const WITHOUT_REFRESH = new Set(['Login', 'Register', 'RefreshToken', 'Logout']);

/** Paginated connections kept current by live events: docs/decisions/030-client-cache.md. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          users: relayStylePagination(['search']),
          tasks: relayStylePagination(['filter']),
          tweets: relayStylePagination(['authorId', 'search']),
          prompts: relayStylePagination(['search']),
          events: relayStylePagination(['aggregateType', 'aggregateId']),
        },
      },
      User: { fields: { tweets: relayStylePagination() } },
      Prompt: { fields: { stories: relayStylePagination() } },
    },
  });
}

/** Sends the current access token, refreshing it first when it has expired. */
function authLink(session: SessionStore): ApolloLink {
  return new SetContextLink(async (context) => {
    const token = await session.accessTokenForRequest().catch(() => null);
    return token ? { headers: { ...context.headers, authorization: `Bearer ${token}` } } : {};
  });
}

/** On UNAUTHENTICATED (the token expired or was revoked meanwhile): refresh once and retry once. */
function retryAfterRefreshLink(session: SessionStore): ApolloLink {
  return new ApolloLink((operation, forward) => {
    let retried = false;
    return forward(operation).pipe(
      concatMap((result) => {
        if (retried || WITHOUT_REFRESH.has(operation.operationName ?? '') || !session.hasSession()) return of(result);
        if (!hasErrorCode(result.errors, 'UNAUTHENTICATED')) return of(result);
        retried = true;
        session.expireAccessToken();
        return from(session.refresh().catch(() => false)).pipe(concatMap((renewed) => (renewed ? forward(operation) : of(result))));
      }),
    );
  });
}

export function createApolloClient(options: { session: SessionStore; httpUrl: string; wsClient: WsClient; fetch?: typeof fetch }): ApolloClient {
  const http = ApolloLink.from([
    retryAfterRefreshLink(options.session),
    authLink(options.session),
    new HttpLink({ uri: options.httpUrl, print: documentText, includeExtensions: true, fetch: options.fetch }),
  ]);
  const link = ApolloLink.from([
    documentHashLink(),
    ApolloLink.split((operation) => operation.operationType === 'subscription', new WsLink(options.wsClient), http),
  ]);
  return new ApolloClient({ link, cache: createCache() });
}
