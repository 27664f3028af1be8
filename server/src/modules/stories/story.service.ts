import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { clientMutationIdRule, createOnce } from '../../shared/client-mutations.js';
import { notFound, rateLimited } from '../../shared/errors.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, isEntityId } from '../../shared/validation.js';
import { Prompt } from '../prompts/prompt.entity.js';
import { Story, StoryStatus } from './story.entity.js';
import { EVENT_FOR_STATUS, storyAggregate } from './story.events.js';
import type { GenerateStoryInput } from './story.inputs.js';
import { settleStory } from './story.lifecycle.js';
import { STORY_LIMITS, storyRules } from './story.rules.js';
import type { StoryRunner } from './runtime/story-runner.js';

/** How long `cancelStory` waits for another process to stop the story it is writing. */
const REMOTE_CANCEL_WAIT_MS = 5_000;
const REMOTE_CANCEL_POLL_MS = 100;
const RETRY_AFTER_SECONDS = 5;

export async function findStory(em: EntityManager, viewerId: string, id: string): Promise<Story> {
  const story = isEntityId(id) ? await em.findOne(Story, { id, ownerId: viewerId }) : null;
  if (!story) throw notFound('Story');
  return story;
}

/**
 * Stores the story as GENERATING and starts writing it in this process; returns at once. The
 * per-user limit holds across processes: the count runs under a per-user transaction lock.
 */
export async function generateStory(em: EntityManager, viewerId: string, input: GenerateStoryInput, runner: StoryRunner): Promise<Story> {
  const errors = new FieldErrors();
  const maxWords = storyRules.maxWords(errors, input.maxWords);
  const clientMutationId = clientMutationIdRule(errors, input.clientMutationId);
  errors.throwIfAny();
  if (!isEntityId(input.promptId)) throw notFound('Prompt');
  // What `launch` needs besides the story; found only when this call creates it.
  const created: { prompt?: Prompt } = {};
  const { object: story, replayed } = await inTransaction(em, (tx) =>
    createOnce(
      tx,
      { userId: viewerId, clientMutationId, aggregateType: storyAggregate.name },
      async () => {
        const prompt = await tx.findOne(Prompt, { id: input.promptId, ownerId: viewerId });
        if (!prompt) throw notFound('Prompt');
        created.prompt = prompt;
        await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`story-quota:${viewerId}`]);
        const writing = await tx.count(Story, { ownerId: viewerId, status: StoryStatus.GENERATING });
        if (writing >= STORY_LIMITS.concurrentPerUser) {
          throw rateLimited(
            RETRY_AFTER_SECONDS,
            `At most ${STORY_LIMITS.concurrentPerUser} stories can be written at once; wait for one to finish or cancel one`,
          );
        }
        const story = tx.create(Story, {
          promptId: prompt.id,
          ownerId: viewerId,
          maxWords,
          provider: runner.provider,
          runnerId: runner.id,
        });
        await tx.flush();
        await storyAggregate.record(tx, EVENT_FOR_STATUS[story.status], story, viewerId);
        return story;
      },
      // A retry gets the story as it stands now (perhaps finished), and starts no second writer.
      (id) => tx.findOne(Story, { id, ownerId: viewerId }),
    ),
  );
  if (!replayed && created.prompt) runner.launch(story, created.prompt);
  return story;
}

/**
 * Cancels a story being written, wherever it is being written: here, by stopping it; in another
 * live process, by asking that process (it stores the text it has, then CANCELLED); when its
 * writer is gone, directly. Cancelling a story that already ended returns it unchanged.
 */
export async function cancelStory(em: EntityManager, viewerId: string, id: string, runner: StoryRunner): Promise<Story> {
  const story = await findStory(em, viewerId, id);
  if (story.status !== StoryStatus.GENERATING) return story;
  if (!(await runner.cancel(id)) && story.runnerId !== runner.id && (await runner.isAlive(story.runnerId))) {
    await em.fork().nativeUpdate(Story, { id, status: StoryStatus.GENERATING }, { cancelRequestedAt: new Date() });
    const deadline = Date.now() + REMOTE_CANCEL_WAIT_MS;
    while (Date.now() < deadline) {
      const current = await em.fork().findOne(Story, { id });
      if (!current) throw notFound('Story');
      if (current.status !== StoryStatus.GENERATING) return current;
      await sleep(REMOTE_CANCEL_POLL_MS);
    }
  }
  // Stopped here (already settled: this returns it), or nobody else will: settle it now.
  const settled = await settleStory(em.fork(), id, { status: StoryStatus.CANCELLED }, viewerId);
  if (!settled) throw notFound('Story');
  return settled;
}
