import type { Config } from '../../../config.js';
import { BuiltinGenerator } from './builtin/builtin-generator.js';
import { OpenAiGenerator } from './openai-generator.js';

/** What a generator is asked to write. */
export interface StoryRequest {
  title: string;
  content: string;
  genre: string | null;
  tone: string | null;
  maxWords: number;
  /** Same seed, same prompt: same story (for generators that can promise that). */
  seed: string;
}

/**
 * Writes a story as a stream of text deltas; concatenated, they are the story. Stops (by throwing)
 * when `signal` aborts. Any other error is a failure the user should read: `GenerationError`.
 */
export interface StoryGenerator {
  readonly provider: string;
  write(request: StoryRequest, signal: AbortSignal): AsyncIterable<string>;
}

/** A failure worth showing to the user as the story's `error`. */
export class GenerationError extends Error {}

export function createStoryGenerator(config: Config['story']): StoryGenerator {
  if (config.provider === 'openai') {
    return new OpenAiGenerator({ apiUrl: config.apiUrl!, apiKey: config.apiKey, model: config.model, timeoutMs: config.timeoutMs });
  }
  return new BuiltinGenerator({ wordDelayMs: config.wordDelayMs });
}
