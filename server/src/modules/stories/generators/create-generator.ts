import type { Config } from '../../../config.js';
import { BuiltinGenerator } from './builtin/builtin-generator.js';
import { OpenAiGenerator } from './openai-generator.js';
import type { StoryGenerator } from './story-generator.js';

/** The generator the configuration asks for: the built-in one unless `STORY_PROVIDER=openai`. */
export function createStoryGenerator(config: Config['story']): StoryGenerator {
  if (config.provider === 'openai') {
    return new OpenAiGenerator({ apiUrl: config.apiUrl!, apiKey: config.apiKey, model: config.model, timeoutMs: config.timeoutMs });
  }
  return new BuiltinGenerator({ wordDelayMs: config.wordDelayMs });
}
