import type { ChorusModule } from '../../context/chorus-module.js';
import { Prompt } from './prompt.entity.js';
import { promptAggregate } from './prompt.events.js';
import { PromptResolver } from './prompt.resolver.js';
import { seedPrompts } from './prompt.seed.js';

/** Story prompts: what the story bot is asked to write about. Stories are their own module. */
export const promptsModule = {
  name: 'prompts',
  entities: [Prompt],
  aggregates: [promptAggregate],
  resolvers: [PromptResolver],
  liveFields: [{ field: 'promptEvents' }],
  seed: async (em, users) => ({ label: 'story prompts', added: await seedPrompts(em, users) }),
} satisfies ChorusModule;
