import type { EntityManager } from '@mikro-orm/postgresql';
import { audience, type ChangeKind, type NewDomainEvent, recordEvent } from '../../events/event-writer.js';
import type { Prompt } from './prompt.entity.js';

export const PROMPT_AGGREGATE = 'Prompt';

export type PromptEventType = 'PromptCreated' | 'PromptUpdated' | 'PromptDeleted';

const KIND: Record<PromptEventType, ChangeKind> = {
  PromptCreated: 'CREATED',
  PromptUpdated: 'UPDATED',
  PromptDeleted: 'DELETED',
};

/** What a prompt event reads: the entity, or a row read back from a statement that changed many. */
export type PromptFacts = Pick<Prompt, 'id' | 'ownerId' | 'title' | 'content' | 'genre' | 'tone' | 'createdAt' | 'updatedAt' | 'version'>;

export function promptSnapshot(prompt: PromptFacts) {
  return {
    id: prompt.id,
    title: prompt.title,
    content: prompt.content,
    genre: prompt.genre,
    tone: prompt.tone,
    createdAt: prompt.createdAt.toISOString(),
    updatedAt: prompt.updatedAt.toISOString(),
    version: prompt.version,
  };
}

/** Prompts are private: only their owner hears of them. */
export function promptEvent(type: PromptEventType, prompt: PromptFacts, actorId: string | null): NewDomainEvent {
  return {
    type,
    aggregateType: PROMPT_AGGREGATE,
    aggregateId: prompt.id,
    aggregateVersion: prompt.version,
    kind: KIND[type],
    actorId,
    ownerId: prompt.ownerId,
    audience: [audience.user(prompt.ownerId)],
    payload: promptSnapshot(prompt),
  };
}

export function recordPromptEvent(tx: EntityManager, type: PromptEventType, prompt: Prompt, actorId: string | null) {
  return recordEvent(tx, promptEvent(type, prompt, actorId));
}
