import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../users/user.entity.js';
import { Prompt } from './prompt.entity.js';
import { addPrompt } from './prompt.service.js';

/** Demo story prompts; the i-th user gets the prompts at i, i + n, ... (n = number of users). */
const DEMO_PROMPTS = [
  {
    title: 'The lighthouse keeper',
    content: 'Maren, an old lighthouse keeper on a storm-beaten island, finds a message in a bottle written by her younger self.',
    genre: 'fantasy',
    tone: 'hopeful',
  },
  {
    title: 'Last train to Lisbon',
    content: 'Tomas, a night-shift conductor, must find the owner of a forgotten violin before the train reaches Lisbon at dawn.',
    genre: 'mystery',
    tone: 'wistful',
  },
  {
    title: 'The garden on Mars',
    content: 'Ines, a botanist in the first Martian colony, has one season to grow a garden that can feed forty people.',
    genre: 'science fiction',
    tone: 'determined',
  },
  {
    title: 'The bakery cat',
    content: 'Biscuit, a bakery cat in a small harbour town, sets out to return a lost child’s red mitten before the bakery opens.',
    genre: 'children',
    tone: 'playful',
  },
];

/**
 * Adds the demo prompts each user does not have yet (matched by title), through the same writer as
 * the API, so each has its `PromptCreated` event. Safe to run again.
 */
export async function seedPrompts(em: EntityManager, users: readonly Pick<User, 'id'>[]): Promise<number> {
  let created = 0;
  for (const [index, user] of users.entries()) {
    const mine = DEMO_PROMPTS.filter((_, i) => i % users.length === index);
    await em.transactional(async (tx) => {
      const existing = await tx.find(Prompt, { ownerId: user.id, title: { $in: mine.map((prompt) => prompt.title) } });
      const have = new Set(existing.map((prompt) => prompt.title));
      for (const prompt of mine) {
        if (have.has(prompt.title)) continue;
        await addPrompt(tx as EntityManager, user.id, prompt);
        created++;
      }
    });
  }
  return created;
}
