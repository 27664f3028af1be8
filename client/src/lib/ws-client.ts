import type { Client, Event, EventListener } from 'graphql-ws';
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
 *
 * graphql-ws itself loads with the first subscription: signed-out pages never open the socket, so the
 * sign-in page does without its code (docs/decisions/015-sign-in-javascript-budget.md). Listeners added
 * before then wait for it rather than load it.
 */
export function createWsClient(session: SessionStore, url: string, connection: Pick<ConnectionMonitor, 'reachable' | 'socketClosed'>): Client {
  let loaded: Client | null = null;
  let loading: Promise<Client> | null = null;
  const waiting = new Set<(client: Client) => void>();
  const load = (): Promise<Client> =>
    (loading ??= import('graphql-ws').then(({ CloseCode, createClient }) => {
      const client = createClient({
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
      loaded = client;
      for (const attach of waiting) attach(client);
      waiting.clear();
      return client;
    }));

  /** Runs `run` on the client once it is there (loading it when `loadNow`); the returned function undoes it, whenever called. */
  const whenLoaded = (run: (client: Client) => () => void, loadNow: boolean, failed: (error: unknown) => void = () => undefined): (() => void) => {
    if (loaded) return run(loaded);
    let undo: (() => void) | null = null;
    let cancelled = false;
    const attach = (client: Client) => {
      if (!cancelled) undo = run(client);
    };
    if (loadNow) load().then(attach, failed);
    else waiting.add(attach);
    return () => {
      cancelled = true;
      waiting.delete(attach);
      undo?.();
    };
  };

  return {
    subscribe: (payload, sink) => whenLoaded((client) => client.subscribe(payload, sink), true, (error) => sink.error(error)),
    on: <E extends Event>(event: E, listener: EventListener<E>) => whenLoaded((client) => client.on(event, listener), false),
    async *iterate(payload) {
      yield* (await load()).iterate(payload);
    },
    // Before the first subscription there is no socket to close.
    terminate: () => loaded?.terminate(),
    dispose: () => loaded?.dispose(),
  };
}

export function websocketUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}
