import { ApolloProvider } from '@apollo/client/react';
import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { BrowserRouter } from 'react-router';
import { SessionProvider } from '../lib/auth/session-context';
import { OutboxProvider } from '../lib/outbox/outbox-context';
import { apolloClient, outbox, session, wsClient } from './chorus-client';
import { AppRoutes } from './app-routes';

const theme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      <ApolloProvider client={apolloClient}>
        <SessionProvider store={session} wsClient={wsClient}>
          <OutboxProvider outbox={outbox}>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </OutboxProvider>
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
