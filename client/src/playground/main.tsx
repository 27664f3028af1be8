import 'graphiql/style.css';
import './setup-monaco-workers';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const WELCOME = `# Chorus API playground
# Queries and mutations go over HTTP,
# subscriptions over the websocket.
#
# To act as a user, sign in:
#   mutation {
#     login(input: { usernameOrEmail: "you", password: "…" }) {
#       accessToken
#     }
#   }
# then paste the token in Headers (below):
#   { "Authorization": "Bearer <accessToken>" }
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

const fetcher = createGraphiQLFetcher({
  url: `${window.location.origin}/graphql`,
  // The headers from the Headers editor become the websocket's connectionParams too.
  subscriptionUrl: `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/graphql`,
});

createRoot(document.getElementById('playground')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={WELCOME} defaultHeaders={'{\n  \n}'} />
  </StrictMode>,
);
