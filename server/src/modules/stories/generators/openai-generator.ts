import type { StoryGenerator, StoryRequest } from './story-generator.js';
import { GenerationError } from './story-generator.js';

export interface OpenAiOptions {
  apiUrl: string;
  apiKey: string | undefined;
  model: string;
  /** The request fails when the provider sends nothing for this long (headers or body). */
  timeoutMs: number;
}

/** `https://host` and `https://host/v1` both mean `https://host/v1/chat/completions`. */
export function chatCompletionsUrl(apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  return `${base.endsWith('/v1') ? base : `${base}/v1`}/chat/completions`;
}

export function chatMessages(request: StoryRequest) {
  const style = [request.genre && `Genre: ${request.genre}.`, request.tone && `Tone: ${request.tone}.`].filter(Boolean).join(' ');
  return [
    {
      role: 'system' as const,
      content:
        'You are a fiction writer. Write one original, complete short story from the prompt you are given: ' +
        'the characters, setting and goal it describes belong in the story. Plain prose in paragraphs, ' +
        `no title, no preamble, no notes. Aim for about ${request.maxWords} words.`,
    },
    {
      role: 'user' as const,
      content: `Write a story of about ${request.maxWords} words.\nTitle: ${request.title}\n${style ? `${style}\n` : ''}\n${request.content}`,
    },
  ];
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection lost',
  UND_ERR_SOCKET: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** Why the request was aborted, when it was not the caller's signal. */
class Timeout extends Error {}

/**
 * Any OpenAI-compatible chat-completions endpoint, streamed (server-sent events). The request is
 * aborted when the caller's signal aborts or the provider goes quiet for `timeoutMs`.
 */
export class OpenAiGenerator implements StoryGenerator {
  readonly provider = 'openai';

  constructor(private readonly options: OpenAiOptions) {}

  async *write(request: StoryRequest, signal: AbortSignal): AsyncIterable<string> {
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const quietFor = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Timeout()), this.options.timeoutMs);
    };
    quietFor();
    try {
      let response: Response;
      try {
        response = await fetch(chatCompletionsUrl(this.options.apiUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: this.options.model, stream: true, messages: chatMessages(request) }),
          signal: controller.signal,
        });
      } catch (error) {
        throw this.explain(error, controller.signal, 'Could not reach the story provider');
      }
      if (!response.ok) {
        const detail = await response.text().catch(() => '');
        throw new GenerationError(`The story provider answered HTTP ${response.status}${providerMessage(detail)}`);
      }
      if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        await response.body?.cancel().catch(() => {});
        throw new GenerationError('The story provider did not stream its answer (expected text/event-stream)');
      }
      const decoder = new TextDecoder();
      const events = new ServerSentEvents();
      const reader = response.body.getReader();
      try {
        for (;;) {
          let read: Awaited<ReturnType<typeof reader.read>>;
          try {
            read = await reader.read();
          } catch (error) {
            throw this.explain(error, controller.signal, 'The story provider broke off its stream');
          }
          if (read.done) break;
          quietFor();
          for (const data of events.push(decoder.decode(read.value, { stream: true }))) {
            if (data === '[DONE]') return;
            const delta = contentDelta(data);
            if (delta) yield delta;
          }
        }
      } finally {
        // Leaving early (cancel, [DONE], an error) must close the connection to the provider.
        await reader.cancel().catch(() => {});
      }
      throw new GenerationError('The story provider ended its stream before it was finished');
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      controller.abort();
    }
  }

  /** A network failure, told in words; an abort by the caller stays an abort. */
  private explain(error: unknown, aborted: AbortSignal, what: string): unknown {
    if (aborted.reason instanceof Timeout) {
      return new GenerationError(`The story provider timed out: nothing received for ${this.options.timeoutMs} ms`);
    }
    if (aborted.aborted) return error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? '';
    return new GenerationError(`${what}: ${NETWORK_ERRORS[code] ?? (code || cause?.message || (error as Error).message)}`);
  }
}

/** `{"error":{"message":"..."}}` (the OpenAI error shape) or a short piece of the body. */
function providerMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string' && message) return `: ${message.slice(0, 300)}`;
  } catch {
    // Not JSON; fall through.
  }
  const text = body.trim().replace(/\s+/g, ' ').slice(0, 200);
  return text ? `: ${text}` : '';
}

function contentDelta(data: string): string {
  let chunk: { choices?: { delta?: { content?: unknown } }[]; error?: { message?: unknown } };
  try {
    chunk = JSON.parse(data);
  } catch {
    throw new GenerationError('The story provider sent a malformed stream (a data line is not JSON)');
  }
  if (chunk?.error) {
    const message = typeof chunk.error.message === 'string' ? chunk.error.message : 'unknown error';
    throw new GenerationError(`The story provider reported an error: ${message.slice(0, 300)}`);
  }
  if (!Array.isArray(chunk?.choices)) throw new GenerationError('The story provider sent a malformed stream (no choices)');
  const content = chunk.choices[0]?.delta?.content;
  return typeof content === 'string' ? content : '';
}

/** Splits a text/event-stream into the data of each event (multi-line data joined with \n). */
class ServerSentEvents {
  private buffer = '';
  private data: string[] = [];

  push(text: string): string[] {
    this.buffer += text;
    const complete: string[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + (this.buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (this.data.length) complete.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      // Comments (`:`), `event:`, `id:` and `retry:` lines carry nothing we need.
    }
    return complete;
  }
}
