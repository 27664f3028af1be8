import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions, type WebSocket as ProtocolSocket } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { ExpiryClock } from './expiry-clock.js';

/** What graphql-ws's hooks see as `ctx.extra`. */
export interface TransportExtra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  /** The upgrade request, until the hooks let go of it (null). */
  request: IncomingMessage | null;
}

/** The connection-initialisation deadlines are kept to a tenth of a second. */
const INIT_DEADLINE_RESOLUTION_MS = 100;
const INTERNAL_ERROR = 'Internal server error';

/** graphql-ws's view of one `ws` socket: one small object, its methods on the prototype. */
class Transport implements ProtocolSocket {
  /** graphql-ws's message handler for this socket, and what it runs when the socket closes. */
  handle: ((data: string) => Promise<void>) | null = null;
  closed: ((code: number, reason: string) => Promise<void>) | null = null;
  /** The key of the socket's connection-initialisation deadline until `connection_init` arrives. */
  initDeadline: number | null = null;

  constructor(readonly socket: WebSocket) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  send(data: string): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      socket.send(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  onMessage(handle: (data: string) => Promise<void>): void {
    this.handle = handle;
  }
}

/**
 * graphql-ws (the graphql-transport-ws protocol, its `makeServer`) on a `ws` server, as its own
 * `useServer` runs it, with less held per socket for the socket's life (W5 in bench/ANALYSIS.md):
 * no keep-alive (the caller pings every socket from one interval), the connection-initialisation
 * deadline (4408) on one clock for all sockets instead of a timer each, and listeners shared by
 * every socket instead of closures per socket.
 */
export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E extends TransportExtra>(
  wsServer: WebSocketServer,
  // No reviver: messages reach graphql-ws parsed (onMessage below).
  options: Omit<ServerOptions<P, E>, 'connectionInitWaitTimeout' | 'jsonMessageReviver'>,
  { connectionInitTimeoutMs, log }: { connectionInitTimeoutMs: number; log: Logger },
) {
  const server = makeServer<P, E>({ ...options, connectionInitWaitTimeout: 0 });
  wsServer.options.handleProtocols = handleProtocols;
  const transports = new WeakMap<WebSocket, Transport>();
  const initDeadlines = new ExpiryClock<Transport>((transport) => {
    transport.initDeadline = null;
    transport.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  }, INIT_DEADLINE_RESOLUTION_MS);

  const internalError = (socket: WebSocket, error: unknown, what: string) => {
    log.error({ err: error }, what);
    socket.close(CloseCode.InternalServerError, INTERNAL_ERROR);
  };
  function onMessage(this: WebSocket, data: unknown) {
    const transport = transports.get(this);
    if (!transport?.handle) return;
    // Parsed here: graphql-ws takes a parsed message as well as its text (and validates either), and
    // its handler holds what it was given for the operation's life — the text would be ~250 bytes per
    // subscriber (W5). Text that is no JSON goes as it is, and graphql-ws closes with 4400 as before.
    const text = String(data);
    let message: unknown = text;
    try {
      message = JSON.parse(text);
    } catch {
      // graphql-ws answers it.
    }
    transport.handle(message as string).catch((error: unknown) => internalError(this, error, 'websocket message handling failed'));
  }
  function onError(this: WebSocket, error: Error) {
    internalError(this, error, 'websocket error');
  }
  function onClose(this: WebSocket, code: number, reason: Buffer) {
    const transport = transports.get(this);
    if (!transport) return;
    if (transport.initDeadline !== null) initDeadlines.remove(transport, transport.initDeadline);
    transport.closed?.(code, String(reason)).catch((error: unknown) => log.error({ err: error }, 'websocket close handling failed'));
  }

  wsServer.on('error', (error) => {
    log.error({ err: error }, 'websocket server error');
    for (const client of wsServer.clients) client.close(CloseCode.InternalServerError, INTERNAL_ERROR);
  });
  wsServer.on('connection', (socket, request) => {
    const transport = new Transport(socket);
    transports.set(socket, transport);
    socket.on('error', onError);
    socket.on('message', onMessage);
    socket.on('close', onClose);
    if (connectionInitTimeoutMs > 0 && Number.isFinite(connectionInitTimeoutMs)) {
      transport.initDeadline = initDeadlines.add(transport, Date.now() + connectionInitTimeoutMs);
    }
    transport.closed = server.opened(transport, { socket, request } as E);
  });

  return {
    /** For `onConnect`: the socket sent its `connection_init`, so its deadline is lifted. */
    initialised(socket: WebSocket): void {
      const transport = transports.get(socket);
      if (transport?.initDeadline == null) return;
      initDeadlines.remove(transport, transport.initDeadline);
      transport.initDeadline = null;
    },
    /** Stops accepting sockets and waits until the open ones have closed (the caller closes them). */
    async dispose(): Promise<void> {
      initDeadlines.stop();
      wsServer.removeAllListeners();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
