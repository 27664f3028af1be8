import { createApolloClient } from '../lib/apollo-client';
import { refreshTokenExchange } from '../lib/auth/refresh-token';
import { SessionStore } from '../lib/session-store';
import { createWsClient, websocketUrl } from '../lib/ws-client';

/** The app's one connection to the API: HTTP for queries and mutations, one websocket for subscriptions. */
const GRAPHQL_PATH = '/graphql';

export const session = new SessionStore(refreshTokenExchange(GRAPHQL_PATH));
export const wsClient = createWsClient(session, websocketUrl(GRAPHQL_PATH));
export const apolloClient = createApolloClient({ session, httpUrl: GRAPHQL_PATH, wsClient });
