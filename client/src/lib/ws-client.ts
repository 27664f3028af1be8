import { type Client, CloseCode, createClient } from 'graphql-ws';
import type { ConnectionMonitor } from './connection-status';
import type { SessionStore } from './session-store';

/**
 * The one websocket (graphql-ws) of the app. It authenticates in `connection_init` with the current
 * access token; when the server closes with 4403 (token expired) the token is dropped so the next
 * connection refreshes it first.
 *
 * graphql-ws's own retry would resend each subscription exactly as first sent; ours must resume from
 * the last cursor they saw, so it does not retry: `useLiveSubscription` resubscribes with `after`.
 *
 * The socket tells `connection` whether the server is there: connected, or closed because it went away.
 */
export function createWsClient(session: SessionStore, url: string, connection: Pick<ConnectionMonitor, 'reachable' | 'socketClosed'>): Client {
  return createClient({
    url,
    lazy: true,
    lazyCloseTimeout: 2_000,
    retryAttempts: 0,
    keepAlive: 20_000,
    connectionParams: async () => {
      const token = await session.accessTokenForRequest().catch(() => null);
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: () => connection.reachable(),
      closed: (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        if (code === CloseCode.Forbidden) session.expireAccessToken();
        connection.socketClosed(code);
      },
    },
  });
}

export function websocketUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}
