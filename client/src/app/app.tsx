import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { BrowserRouter } from 'react-router';
import { SessionProvider } from '../lib/auth/session-context';
import { apolloClient, session, wsClient } from './chorus-client';
import { AppRoutes } from './app-routes';
import { cssVariablesResolver, theme } from './theme';

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      <ApolloProvider client={apolloClient}>
        <SessionProvider store={session} wsClient={wsClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
