import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestContext } from '../../context/request-context.js';
import { requireViewer } from '../../auth/auth-checker.js';
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
import { storyRunner } from './runtime/story-runner.js';

/** How long `cancelStory` waits for another process to stop the story it is writing. */
const REMOTE_CANCEL_WAIT_MS = 5_000;
const REMOTE_CANCEL_POLL_MS = 100;
const RETRY_AFTER_SECONDS = 5;

export async function findStory(context: RequestContext, id: string): Promise<Story> {
  const viewer = requireViewer(context);
  const story = isEntityId(id) ? await context.em.findOne(Story, { id, ownerId: viewer.id }) : null;
  if (!story) throw notFound('Story');
  return story;
}

/**
 * Stores the story as GENERATING and starts writing it in this process; returns at once. The
 * per-user limit holds across processes: the count runs under a per-user transaction lock.
 */
export async function generateStory(context: RequestContext, input: GenerateStoryInput): Promise<Story> {
  const viewer = requireViewer(context);
  const errors = new FieldErrors();
  const maxWords = storyRules.maxWords(errors, input.maxWords);
  const clientMutationId = clientMutationIdRule(errors, input.clientMutationId);
  errors.throwIfAny();
  if (!isEntityId(input.promptId)) throw notFound('Prompt');
  const runner = storyRunner(context.app);
  // What `launch` needs besides the story; found only when this call creates it.
  const created: { prompt?: Prompt } = {};
  const { object: story, replayed } = await inTransaction(context.em, (tx) =>
    createOnce(
      tx,
      { userId: viewer.id, clientMutationId, aggregateType: storyAggregate.name },
      async () => {
        const prompt = await tx.findOne(Prompt, { id: input.promptId, ownerId: viewer.id });
        if (!prompt) throw notFound('Prompt');
        created.prompt = prompt;
        await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`story-quota:${viewer.id}`]);
        const writing = await tx.count(Story, { ownerId: viewer.id, status: StoryStatus.GENERATING });
        if (writing >= STORY_LIMITS.concurrentPerUser) {
          throw rateLimited(
            RETRY_AFTER_SECONDS,
            `At most ${STORY_LIMITS.concurrentPerUser} stories can be written at once; wait for one to finish or cancel one`,
          );
        }
        const story = tx.create(Story, {
          promptId: prompt.id,
          ownerId: viewer.id,
          maxWords,
          provider: runner.provider,
          runnerId: runner.id,
        });
        await tx.flush();
        await storyAggregate.record(tx, EVENT_FOR_STATUS[story.status], story, viewer.id);
        return story;
      },
      // A retry gets the story as it stands now (perhaps finished), and starts no second writer.
      (id) => tx.findOne(Story, { id, ownerId: viewer.id }),
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
export async function cancelStory(context: RequestContext, id: string): Promise<Story> {
  const viewer = requireViewer(context);
  const story = await findStory(context, id);
  if (story.status !== StoryStatus.GENERATING) return story;
  const runner = storyRunner(context.app);
  const orm = context.app.orm;
  if (!(await runner.cancel(id)) && story.runnerId !== runner.id && (await runner.isAlive(story.runnerId))) {
    await orm.em.fork().nativeUpdate(Story, { id, status: StoryStatus.GENERATING }, { cancelRequestedAt: new Date() });
    const deadline = Date.now() + REMOTE_CANCEL_WAIT_MS;
    while (Date.now() < deadline) {
      const current = await orm.em.fork().findOne(Story, { id });
      if (!current) throw notFound('Story');
      if (current.status !== StoryStatus.GENERATING) return current;
      await sleep(REMOTE_CANCEL_POLL_MS);
    }
  }
  // Stopped here (already settled: this returns it), or nobody else will: settle it now.
  const settled = await settleStory(orm.em.fork(), id, { status: StoryStatus.CANCELLED }, viewer.id);
  if (!settled) throw notFound('Story');
  return settled;
}
