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
