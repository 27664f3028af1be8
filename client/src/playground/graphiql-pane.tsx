import 'graphiql/style.css';
import './setup-monaco-workers';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import type { SessionStore } from '../lib/session-store';

const WELCOME = `# Chorus API playground
# Queries and mutations go over HTTP,
# subscriptions over the websocket.
#
# Opened from the app while you are signed in, every
# request carries your session: just run a query.
# Otherwise (or to act as someone else) sign in:
#   mutation {
#     login(input: { usernameOrEmail: "you", password: "…" }) {
#       accessToken
#     }
#   }
# then paste the token in Headers (below):
#   { "Authorization": "Bearer <accessToken>" }
# A pasted Authorization header wins over the session.
#
# Run with the ▶ button or Ctrl-Enter.

query ApiInfo {
  apiInfo {
    version
    commit
    uptimeSeconds
  }
}
`;

function hasAuthorization(headers: Record<string, unknown>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

/**
 * GraphiQL's fetcher, adding the browser's Chorus session (the app's refresh token, exchanged and
 * refreshed by the app's own SessionStore) to every request that has no Authorization header of its
 * own. Subscriptions get it too: GraphiQL passes these headers as the websocket's connectionParams.
 */
function sessionFetcher(session: SessionStore): Fetcher {
  const fetcher = createGraphiQLFetcher({
    url: `${window.location.origin}/graphql`,
    subscriptionUrl: `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/graphql`,
  });
  return async (params, options) => {
    const headers = (options?.headers ?? {}) as Record<string, unknown>;
    if (hasAuthorization(headers) || !session.hasSession()) return fetcher(params, options);
    // A network failure leaves the request anonymous rather than failing it: the server answers it.
    const token = await session.accessTokenForRequest().catch(() => null);
    return fetcher(params, { ...options, headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers });
  };
}

export default function GraphiQLPane(props: { session: SessionStore }) {
  return <GraphiQL fetcher={sessionFetcher(props.session)} defaultQuery={WELCOME} defaultHeaders={'{\n  \n}'} />;
}
