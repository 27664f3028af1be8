import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { BrowserRouter } from 'react-router';
import { PageErrorBoundary } from '../components/page-error-boundary';
import { SessionProvider } from '../lib/auth/session-context';
import { ConnectionProvider } from '../lib/connection-status';
import { apolloClient, connection, session, wsClient } from './chorus-client';
import { AppRoutes } from './app-routes';
import { cssVariablesResolver, theme } from './theme';
import { Toasts } from './toasts';

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Toasts />
      <ConnectionProvider monitor={connection}>
        <ApolloProvider client={apolloClient}>
          <SessionProvider store={session} wsClient={wsClient}>
            <BrowserRouter>
              {/* The last resort, for what fails outside a page (a guard, the layout): never a white page. */}
              <PageErrorBoundary>
                <AppRoutes />
              </PageErrorBoundary>
            </BrowserRouter>
          </SessionProvider>
        </ApolloProvider>
      </ConnectionProvider>
    </MantineProvider>
  );
}
