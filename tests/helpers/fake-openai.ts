import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible chat-completions API, speaking the real streaming
 * protocol: `text/event-stream`, one `data: {json}` event per delta, `data: [DONE]` at the end.
 * Each test decides how the next request is answered with `fake.reply`.
 */
export type FakeReply =
  /** Streams `deltas` (one event each, `delayMs` apart), then ends as `end` says. */
  | { kind: 'stream'; deltas: string[]; delayMs?: number; end?: 'done' | 'reset' | 'malformed' | 'hang' | 'close' }
  /** Answers with an HTTP error and an OpenAI-style error body. */
  | { kind: 'error'; status: number; message: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** Resolves when the connection is over, whoever ended it. */
  closed: Promise<void>;
  /** True when the client went away before the answer was complete (e.g. it aborted the request). */
  closedByClient: boolean;
}

export interface FakeOpenAI {
  /** Base URL, without `/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** How to answer a request; the default streams a short story and `[DONE]`. */
  reply: (body: any) => FakeReply;
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export function deltaEvent(content: string, model = 'fake-model'): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  })}\n\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAI = {
    url: '',
    requests,
    reply: () => ({ kind: 'stream', deltas: ['Once', ' upon', ' a', ' time', '.'] }),
    async waitForRequests(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`fake OpenAI: expected ${count} requests, got ${requests.length}`);
        await sleep(20);
      }
      return requests.slice(0, count);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Recorded as text; the test will notice.
    }
    let markClosed!: () => void;
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
      closedByClient: false,
    };
    requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.closedByClient = true;
      markClosed();
    });

    const reply = fake.reply(body);
    if (reply.kind === 'error') {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: reply.message, type: 'server_error' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // Like the real API: the first event names the role and carries no content.
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant' } }] })}\n\n`);
    for (const delta of reply.deltas) {
      if (res.destroyed) return;
      if (reply.delayMs) await sleep(reply.delayMs);
      if (res.destroyed) return;
      res.write(deltaEvent(delta, body?.model));
    }
    switch (reply.end ?? 'done') {
      case 'done':
        res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      case 'reset':
        // The provider dies mid-answer: the connection drops without a proper end.
        await sleep(20);
        req.socket.destroy();
        return;
      case 'malformed':
        res.end('data: {"choices": [{"delta": {"content": "trunc\n\n');
        return;
      case 'close':
        res.end();
        return;
      case 'hang':
        // Sends nothing more until the client gives up.
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
