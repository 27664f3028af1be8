import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvents } from '../../events/event-writer.js';
import { clientMutationIdRule, createOnce } from '../../shared/client-mutations.js';
import { notFound, staleVersion } from '../../shared/errors.js';
import { type PageArgs, paginate } from '../../shared/pagination/index.js';
import { withDates } from '../../shared/rows.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, isEntityId, likePattern } from '../../shared/validation.js';
import { Prompt } from './prompt.entity.js';
import { promptAggregate, type PromptFacts } from './prompt.events.js';
import type { CreatePromptInput, DeletePromptInput, UpdatePromptInput } from './prompt.inputs.js';
import { promptRules } from './prompt.rules.js';
import { type PromptSelection, removeStoriesOfPrompts, type StoryRunner } from '../stories/api.js';

export function listPrompts(em: EntityManager, viewerId: string, args: PageArgs & { search?: string | null }) {
  const search = args.search?.trim();
  const pattern = search ? likePattern(search) : null;
  const where = pattern
    ? { ownerId: viewerId, $or: [{ title: { $ilike: pattern } }, { content: { $ilike: pattern } }] }
    : { ownerId: viewerId };
  return paginate(em, Prompt, where, args, { createdAt: 'desc', id: 'desc' });
}

/** The viewer's own prompt; anyone else's (or a malformed id) does not exist for them. */
export async function findPrompt(em: EntityManager, viewerId: string, id: string): Promise<Prompt> {
  const prompt = isEntityId(id) ? await em.findOne(Prompt, { id, ownerId: viewerId }) : null;
  if (!prompt) throw notFound('Prompt');
  return prompt;
}

export async function createPrompt(em: EntityManager, viewerId: string, input: CreatePromptInput): Promise<Prompt> {
  const errors = new FieldErrors();
  const title = promptRules.title(errors, input.title);
  const content = promptRules.content(errors, input.content);
  const genre = promptRules.label(errors, 'genre', input.genre);
  const tone = promptRules.label(errors, 'tone', input.tone);
  const clientMutationId = clientMutationIdRule(errors, input.clientMutationId);
  errors.throwIfAny();
  const { object } = await inTransaction(em, (tx) =>
    createOnce(
      tx,
      { userId: viewerId, clientMutationId, aggregateType: promptAggregate.name },
      () => addPrompt(tx, viewerId, { title, content, genre, tone }),
      (id) => tx.findOne(Prompt, { id, ownerId: viewerId }),
    ),
  );
  return object;
}

/** Writes a prompt and `PromptCreated`; runs inside `tx`'s transaction (also used by the seed). */
export async function addPrompt(
  tx: EntityManager,
  ownerId: string,
  fields: { title: string; content: string; genre: string | null; tone: string | null },
): Promise<Prompt> {
  const prompt = tx.create(Prompt, { ownerId, ...fields });
  await tx.flush();
  await promptAggregate.record(tx, 'PromptCreated', prompt, ownerId);
  return prompt;
}

export async function updatePrompt(em: EntityManager, viewerId: string, id: string, input: UpdatePromptInput): Promise<Prompt> {
  const errors = new FieldErrors();
  const changes: Partial<Pick<Prompt, 'title' | 'content' | 'genre' | 'tone'>> = {};
  if (input.title != null) changes.title = promptRules.title(errors, input.title);
  if (input.content != null) changes.content = promptRules.content(errors, input.content);
  if (input.genre !== undefined) changes.genre = promptRules.label(errors, 'genre', input.genre);
  if (input.tone !== undefined) changes.tone = promptRules.label(errors, 'tone', input.tone);
  errors.throwIfAny();
  if (!isEntityId(id)) throw notFound('Prompt');
  return inTransaction(em, async (tx) => {
    const prompt = await tx.findOne(Prompt, { id, ownerId: viewerId });
    if (!prompt) throw notFound('Prompt');
    if (input.expectedVersion != null && input.expectedVersion !== prompt.version) throw staleVersion('The prompt', prompt.version);
    const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((key) => prompt[key] !== changes[key]);
    if (!changed.length) return prompt;
    tx.assign(prompt, changes);
    await tx.flush();
    await promptAggregate.record(tx, 'PromptUpdated', prompt, viewerId);
    return prompt;
  }, { lastWriteWins: input.expectedVersion == null });
}

/**
 * Deletes the prompt and its stories; a story still being written is cancelled first (and recorded
 * so). `runner`: this process's, whose writers of those stories stop.
 */
export async function deletePrompt(
  em: EntityManager,
  viewerId: string,
  id: string,
  input: DeletePromptInput | null | undefined,
  runner: StoryRunner,
): Promise<boolean> {
  if (!isEntityId(id)) throw notFound('Prompt');
  const cancelled = await inTransaction(em, async (tx) => {
    const prompt = await tx.findOne(Prompt, { id, ownerId: viewerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!prompt) throw notFound('Prompt');
    if (input?.expectedVersion != null && input.expectedVersion !== prompt.version) throw staleVersion('The prompt', prompt.version);
    return removePrompts(tx, { promptId: prompt.id }, viewerId);
  });
  // Stories written by another process stop there at their next save, when they find the row gone.
  runner.discard(cancelled);
  return true;
}

/** Deletes all of an owner's prompts and stories, as their account goes; see `removePrompts`. */
export function removePromptsOf(tx: EntityManager, ownerId: string, actorId: string | null): Promise<string[]> {
  return removePrompts(tx, { ownerId }, actorId);
}

/** Rows as `PromptFacts`: a bulk statement returns plain rows, cheaper than entities. */
const PROMPT_FACTS = `id, owner_id as "ownerId", title, content, genre, tone, created_at as "createdAt", updated_at as "updatedAt", version`;

/**
 * Deletes one prompt or all of an owner's, with their stories (`removeStoriesOfPrompts`: a story
 * still being written is cancelled first), then the prompts (`PromptDeleted`). One statement per
 * table, however many rows. Returns the ids of the cancelled stories: their writers must stop
 * (`StoryRunner.discard`, after commit).
 */
async function removePrompts(tx: EntityManager, which: PromptSelection, actorId: string | null): Promise<string[]> {
  const [prompts, id] = 'promptId' in which ? ['id = ?', which.promptId] : ['owner_id = ?', which.ownerId];
  // A story started meanwhile waits on these locks and then finds its prompt gone, rather than
  // landing between the statements below and vanishing with its prompt, unrecorded.
  await tx.execute(`select id from prompt where ${prompts} for update`, [id]);
  const cancelled = await removeStoriesOfPrompts(tx, which, actorId);
  const promptRows = await tx.execute<Record<string, unknown>[]>(`delete from prompt where ${prompts} returning ${PROMPT_FACTS}`, [id]);
  await recordEvents(tx, withDates<PromptFacts>(promptRows, ['createdAt', 'updatedAt']).map((prompt) => promptAggregate.event('PromptDeleted', prompt, actorId)));
  return cancelled;
}
