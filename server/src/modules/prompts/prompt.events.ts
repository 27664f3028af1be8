import { defineAggregate } from '../../events/aggregate.js';
import { audience } from '../../events/event-writer.js';
import type { Prompt } from './prompt.entity.js';

/** What a prompt event reads: the entity, or a row read back from a statement that changed many. */
export type PromptFacts = Pick<Prompt, 'id' | 'ownerId' | 'title' | 'content' | 'genre' | 'tone' | 'createdAt' | 'updatedAt' | 'version'>;

/** A deleted prompt's event carries its last state too. */
export const promptAggregate = defineAggregate({
  name: 'Prompt',
  events: { PromptCreated: 'CREATED', PromptUpdated: 'UPDATED', PromptDeleted: 'DELETED' },
  /** Prompts are private: only their owner hears of them. */
  audience: (prompt: PromptFacts) => [audience.user(prompt.ownerId)],
  ownerId: (prompt) => prompt.ownerId,
  snapshot: (prompt) => ({
    id: prompt.id,
    title: prompt.title,
    content: prompt.content,
    genre: prompt.genre,
    tone: prompt.tone,
    createdAt: prompt.createdAt.toISOString(),
    updatedAt: prompt.updatedAt.toISOString(),
    version: prompt.version,
  }),
});
