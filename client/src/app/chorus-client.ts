import { promptSender } from '../features/stories/api/create-prompt';
import { taskSender } from '../features/tasks/api/create-task';
import { tweetSender } from '../features/tweets/api/post-tweet';
import { createApolloClient } from '../lib/apollo-client';
import { refreshTokenExchange } from '../lib/auth/refresh-token';
import { ConnectionMonitor, probeHealth } from '../lib/connection-status';
import { Outbox } from '../lib/outbox/outbox';
import { SessionStore } from '../lib/session-store';
import { createWsClient, websocketUrl } from '../lib/ws-client';

/** The app's one connection to the API: HTTP for queries and mutations, one websocket for subscriptions. */
const GRAPHQL_PATH = '/graphql';

/** Whether the browser is online and the server answers, learnt from both channels below. */
export const connection = new ConnectionMonitor({ probe: () => probeHealth('/healthz') });
export const session = new SessionStore(refreshTokenExchange(GRAPHQL_PATH));
export const wsClient = createWsClient(session, websocketUrl(GRAPHQL_PATH), connection);
export const apolloClient = createApolloClient({ session, httpUrl: GRAPHQL_PATH, wsClient, fetch: connection.watchFetch((input, init) => fetch(input, init)) });

/** Tweets, tasks and prompts typed offline or while the server is away wait here, and go when it is back. */
export const outbox = new Outbox({
  senders: { tweet: tweetSender(apolloClient), task: taskSender(apolloClient), prompt: promptSender(apolloClient) },
  accessToken: () => session.accessTokenForRequest(),
});
// The socket reconnecting is the first sign that a restarted server is back.
wsClient.on('connected', () => outbox.wake());
