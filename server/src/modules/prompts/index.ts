import type { ChorusModule } from '../../context/chorus-module.js';
import { Prompt } from './prompt.entity.js';
import { PromptResolver } from './prompt.resolver.js';
import { seedPrompts } from './prompt.seed.js';

/** Story prompts: what the story bot is asked to write about. Stories are their own module. */
export const promptsModule: ChorusModule = {
  name: 'prompts',
  entities: [Prompt],
  resolvers: [PromptResolver],
  liveFields: [{ field: 'promptEvents' }],
  seed: async (em, users) => ({ label: 'story prompts', added: await seedPrompts(em, users) }),
};
