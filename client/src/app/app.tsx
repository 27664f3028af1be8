import { ApolloProvider } from '@apollo/client/react';
import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { BrowserRouter } from 'react-router';
import { SessionProvider } from '../lib/auth/session-context';
import { TOASTS } from '../lib/notify';
import { apolloClient, session, wsClient } from './chorus-client';
import { AppRoutes } from './app-routes';

const theme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications {...TOASTS} />
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
