import type { Client, Event, EventListener } from 'graphql-ws';
import type { SessionStore } from './session-store';

/**
 * The one websocket (graphql-ws) of the app. It authenticates in `connection_init` with the current
 * access token; when the server closes with 4403 (token expired) the token is dropped so the next
 * connection refreshes it first.
 *
 * graphql-ws's own retry would resend each subscription exactly as first sent; ours must resume from
 * the last cursor they saw, so it does not retry: `useLiveSubscription` resubscribes with `after`.
 *
 * graphql-ws itself loads with the first subscription (or listener): signed-out pages never open the
 * socket, so the sign-in page does without its code (docs/decisions/015-sign-in-javascript-budget.md).
 */
export function createWsClient(session: SessionStore, url: string): Client {
  let loaded: Client | null = null;
  let loading: Promise<Client> | null = null;
  const load = (): Promise<Client> =>
    (loading ??= import('graphql-ws').then(({ CloseCode, createClient }) => {
      loaded = createClient({
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
          closed: (event) => {
            if ((event as { code?: number } | undefined)?.code === CloseCode.Forbidden) session.expireAccessToken();
          },
        },
      });
      return loaded;
    }));

  /** Runs `use` on the client once it is there; the returned function undoes it, whenever called. */
  const whenLoaded = (use: (client: Client) => () => void, failed: (error: unknown) => void = () => undefined): (() => void) => {
    if (loaded) return use(loaded);
    let undo: (() => void) | null = null;
    let cancelled = false;
    load().then((client) => {
      if (!cancelled) undo = use(client);
    }, failed);
    return () => {
      cancelled = true;
      undo?.();
    };
  };

  return {
    subscribe: (payload, sink) => whenLoaded((client) => client.subscribe(payload, sink), (error) => sink.error(error)),
    on: <E extends Event>(event: E, listener: EventListener<E>) => whenLoaded((client) => client.on(event, listener)),
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
