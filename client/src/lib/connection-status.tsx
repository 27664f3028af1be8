import { createContext, type ReactNode, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import { backoffDelay } from './live-retry';

/**
 * What the user should know about the connection: `offline` (the browser has no network),
 * `unreachable` (the network is there but the server does not answer: it is down or restarting)
 * or `online`.
 */
export type ConnectionState = 'online' | 'offline' | 'unreachable';

/**
 * Websocket close codes that mean the server went away or could not be reached. Not 1000 (our own
 * lazy close), 4499 (our own terminate on sign-out) nor 4403 and the other 44xx (the server answered).
 */
const UNREACHABLE_CLOSE_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);
/** HTTP answers that come from a proxy in front of a server that is down, not from the server. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);
/** While the server is unreachable it is probed this often at most: a restart is noticed within seconds. */
const MAX_PROBE_DELAY_MS = 5_000;

type Listener = (state: ConnectionState, previous: ConnectionState) => void;

export interface ConnectionMonitorOptions {
  /** Resolves true when the server answers (GET /healthz). */
  probe: () => Promise<boolean>;
  /** Where the browser's `online` and `offline` events are heard. */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  isBrowserOnline?: () => boolean;
  random?: () => number;
}

/**
 * One per tab. Learns from the browser's online/offline events, from the websocket (connected, or
 * closed because the server went away) and from every HTTP request; while the server is unreachable
 * it probes it with back-off, so the app learns that it is back even when nothing else is asking.
 */
export class ConnectionMonitor {
  private browserOnline: boolean;
  private serverReachable = true;
  /** Failed probes and outages since the app's own traffic last went through: the probe's back-off. */
  private failures = 0;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly stopListening: () => void;

  constructor(private readonly options: ConnectionMonitorOptions) {
    const target = options.target ?? window;
    this.browserOnline = (options.isBrowserOnline ?? (() => navigator.onLine))();
    const onOnline = () => this.browserChanged(true);
    const onOffline = () => this.browserChanged(false);
    target.addEventListener('online', onOnline);
    target.addEventListener('offline', onOffline);
    this.stopListening = () => {
      target.removeEventListener('online', onOnline);
      target.removeEventListener('offline', onOffline);
    };
  }

  state(): ConnectionState {
    if (!this.browserOnline) return 'offline';
    return this.serverReachable ? 'online' : 'unreachable';
  }

  /** `listener` hears every change of `state()`, with the state before it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The server answered the app (a GraphQL response, a websocket that connected). */
  reachable(): void {
    this.failures = 0;
    this.markReachable();
  }

  /** A request or the websocket could not reach the server: say so and probe until it answers. */
  unreachable(): void {
    if (!this.serverReachable) return;
    this.failures++;
    this.change(() => (this.serverReachable = false));
    this.scheduleProbe();
  }

  /**
   * Something failed that cannot say why (a page's code did not load): ask the server now. Only a
   * failed probe marks it unreachable, so a failure the server is not the cause of cannot loop.
   */
  check(): void {
    void this.runProbe();
  }

  /** For `graphql-ws`'s `closed` event. */
  socketClosed(code: number | undefined): void {
    if (code !== undefined && UNREACHABLE_CLOSE_CODES.has(code)) this.unreachable();
  }

  /** A `fetch` that tells this monitor whether the server answered. Aborted requests tell nothing. */
  watchFetch(fetchImpl: typeof fetch): typeof fetch {
    return async (input, init) => {
      try {
        const response = await fetchImpl(input, init);
        if (GATEWAY_STATUSES.has(response.status)) this.unreachable();
        else this.reachable();
        return response;
      } catch (error) {
        if (!init?.signal?.aborted) this.unreachable();
        throw error;
      }
    };
  }

  dispose(): void {
    this.stopListening();
    clearTimeout(this.probeTimer);
    this.listeners.clear();
  }

  private browserChanged(online: boolean): void {
    this.change(() => (this.browserOnline = online));
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    // Back on the network: find out at once whether the server is there too.
    if (online && !this.serverReachable) {
      this.failures = 0;
      void this.runProbe();
    }
  }

  private scheduleProbe(): void {
    if (this.probeTimer !== undefined || !this.browserOnline) return;
    const delay = Math.min(MAX_PROBE_DELAY_MS, backoffDelay(this.failures, this.options.random));
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.runProbe();
    }, delay);
  }

  /**
   * A probe that succeeds does not reset the back-off: if the app's own requests still fail (a proxy
   * that answers /healthz but not /graphql), each round of "back online, retry, fail" waits longer.
   */
  private markReachable(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.change(() => (this.serverReachable = true));
  }

  private async runProbe(): Promise<void> {
    const answered = await this.options.probe().catch(() => false);
    if (answered) return this.markReachable();
    if (this.serverReachable) return this.unreachable();
    this.failures++;
    this.scheduleProbe();
  }

  private change(apply: () => void): void {
    const previous = this.state();
    apply();
    const next = this.state();
    if (next === previous) return;
    for (const listener of [...this.listeners]) listener(next, previous);
  }
}

/** The server's liveness endpoint answers: it is up (a proxy in front of a stopped server answers 502). */
export function probeHealth(url = '/healthz'): Promise<boolean> {
  return fetch(url, { cache: 'no-store' }).then(
    (response) => response.ok,
    () => false,
  );
}

const ConnectionContext = createContext<ConnectionMonitor | null>(null);

export function ConnectionProvider(props: { monitor: ConnectionMonitor; children: ReactNode }) {
  return <ConnectionContext.Provider value={props.monitor}>{props.children}</ConnectionContext.Provider>;
}

export function useConnectionMonitor(): ConnectionMonitor {
  const monitor = useContext(ConnectionContext);
  if (!monitor) throw new Error('useConnectionMonitor outside <ConnectionProvider>');
  return monitor;
}

export function useConnectionState(): ConnectionState {
  const monitor = useConnectionMonitor();
  return useSyncExternalStore(
    (onChange) => monitor.subscribe(onChange),
    () => monitor.state(),
  );
}

/** Calls `onBack` each time the connection becomes `online` again after being offline or unreachable. */
export function useWhenBackOnline(onBack: () => void, enabled = true): void {
  const monitor = useConnectionMonitor();
  const latest = useRef(onBack);
  latest.current = onBack;
  useEffect(() => {
    if (!enabled) return;
    return monitor.subscribe((state) => {
      if (state === 'online') latest.current();
    });
  }, [monitor, enabled]);
}
