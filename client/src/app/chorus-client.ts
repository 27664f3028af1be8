import { createApolloClient } from '../lib/apollo-client';
import { refreshTokenExchange } from '../lib/auth/refresh-token';
import { ConnectionMonitor, probeHealth } from '../lib/connection-status';
import { SessionStore } from '../lib/session-store';
import { createWsClient, websocketUrl } from '../lib/ws-client';

/** The app's one connection to the API: HTTP for queries and mutations, one websocket for subscriptions. */
const GRAPHQL_PATH = '/graphql';

/** Whether the browser is online and the server answers, learnt from both channels below. */
export const connection = new ConnectionMonitor({ probe: () => probeHealth('/healthz') });
export const session = new SessionStore(refreshTokenExchange(GRAPHQL_PATH));
export const wsClient = createWsClient(session, websocketUrl(GRAPHQL_PATH), connection);
export const apolloClient = createApolloClient({ session, httpUrl: GRAPHQL_PATH, wsClient, fetch: connection.watchFetch((input, init) => fetch(input, init)) });
