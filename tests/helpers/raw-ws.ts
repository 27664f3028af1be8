import WebSocket from 'ws';

export interface RawMessage {
  type: string;
  id?: string;
  payload?: any;
}

export interface RawSocket {
  socket: WebSocket;
  messages: RawMessage[];
  send(message: RawMessage | string): void;
  /** Waits for a message matching `predicate` (already received or still to come). */
  message(predicate: (message: RawMessage) => boolean, timeoutMs?: number): Promise<RawMessage>;
  closed: Promise<{ code: number; reason: string }>;
  /** `connection_init` → `connection_ack`. */
  init(payload?: Record<string, unknown>): Promise<void>;
}

/**
 * A graphql-ws socket driven message by message (the protocol probe needs to break the rules that
 * the graphql-ws client follows). Rejects if the upgrade itself is refused.
 */
export async function rawSocket(
  url: string,
  options: { protocol?: string; headers?: Record<string, string> } = {},
): Promise<RawSocket> {
  const socket = new WebSocket(url, options.protocol ?? 'graphql-transport-ws', { headers: options.headers });
  const messages: RawMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as RawMessage);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.once('error', reject);
  });
  const raw: RawSocket = {
    socket,
    messages,
    closed,
    send(message) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    message(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (socket.readyState === WebSocket.CLOSED) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`socket closed; received ${JSON.stringify(messages).slice(0, 500)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message; received ${JSON.stringify(messages).slice(0, 500)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async init(payload) {
      raw.send({ type: 'connection_init', ...(payload ? { payload } : {}) });
      await raw.message((message) => message.type === 'connection_ack');
    },
  };
  return raw;
}
