import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { SignedIn } from '../../auth/access.js';
import { changeEventSubscription } from '../../events/change-event-subscription.js';
import { CurrentViewer } from '../../auth/current-viewer.js';
import type { Viewer } from '../../auth/viewer.js';
import type { StoredEvent } from '../../events/stored-event.js';
import { badInput, notFound } from '../../shared/errors.js';
import { isEntityId } from '../../shared/validation.js';
import { Prompt } from '../prompts/prompt.entity.js';
import { Story } from './story.entity.js';
import { storyAggregate } from './story.events.js';
import { GenerateStoryInput } from './story.inputs.js';
import * as stories from './story.service.js';
import { openStoryStream } from './runtime/story-stream.js';
import { storyRunner } from './runtime/story-runner.js';
import { StoryChunk, StoryEvent } from './story.types.js';

/** `storyEvents(promptId:)`: one prompt's stories (every story event carries its prompt's id). */
function promptFilter(promptId: string | null | undefined): ((event: StoredEvent) => boolean) | undefined {
  if (promptId == null) return undefined;
  if (!isEntityId(promptId)) throw badInput({ promptId: 'is not a prompt id' });
  return (event) => event.payload.promptId === promptId;
}

const storyChanges = changeEventSubscription<StoryEvent>(storyAggregate, { matches: (args) => promptFilter(args.promptId as string | null) });

@Resolver(() => Story)
export class StoryResolver {
  @SignedIn()
  @Query(() => Story, { nullable: true })
  story(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Story> {
    return stories.findStory(context.em, viewer.id, id);
  }

  @SignedIn()
  @Mutation(() => Story, { description: 'Starts writing a story from one of your prompts; returns at once, GENERATING. Follow it with `storyStream`.' })
  generateStory(@Arg('input') input: GenerateStoryInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Story> {
    return stories.generateStory(context.em, viewer.id, input, storyRunner(context.app));
  }

  @SignedIn()
  @Mutation(() => Story, { description: 'Stops a story being written (CANCELLED, keeping its text); a story that already ended is returned as it is.' })
  cancelStory(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Story> {
    return stories.cancelStory(context.em, viewer.id, id, storyRunner(context.app));
  }

  @SignedIn()
  @Subscription(() => StoryChunk, {
    description: 'The text of one of your stories as it is written: the text so far, then each new piece; completes after the chunk with the final status.',
    subscribe: ({ args, context }) => openStoryStream(context as RequestContext, args.storyId as string),
  })
  storyStream(
    @Root() chunk: StoryChunk,
    @Arg('storyId', () => ID) _storyId: string,
    @Ctx() context: RequestContext,
  ): StoryChunk {
    context.renewScope();
    return chunk;
  }

  @SignedIn()
  @Subscription(() => StoryEvent, {
    description:
      "Your stories' status changes (StoryStarted, StoryFinished, StoryFailed, StoryCancelled, StoryDeleted), or one prompt's; with `after`, first those since that cursor. A story's `text` is read when the event is delivered: follow a GENERATING story's text with `storyStream`.",
    subscribe: storyChanges.subscribe,
  })
  async storyEvents(
    @Root() stored: StoredEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Arg('promptId', () => ID, { nullable: true }) _promptId: string | null,
    @Ctx() context: RequestContext,
  ): Promise<StoryEvent> {
    const event = storyChanges.deliver(context, stored);
    if (event.node) {
      // The events record status changes, not prose (story.events.ts): the text comes from the row.
      // A story whose prompt was deleted since is gone with its text: the event then has no story.
      const text = await context
        .loader<string, string | null>('story.text', async (ids, em) => {
          const rows: { id: string; text: string }[] = await em.execute('select id, text from story where id in (?)', [[...ids]]);
          const byId = new Map(rows.map((row) => [row.id, row.text]));
          return ids.map((id) => byId.get(id) ?? null);
        })
        .load(event.id);
      event.node = text === null ? null : Object.assign(event.node, { text });
    }
    return event;
  }

  @FieldResolver(() => Prompt)
  async prompt(@Root() story: Story, @Ctx() context: RequestContext): Promise<Prompt> {
    const prompt = await context
      .loader<string, Prompt | null>('story.prompt', async (ids, em) => {
        const found = await em.find(Prompt, { id: { $in: [...ids] } });
        const byId = new Map(found.map((prompt) => [prompt.id, prompt]));
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(story.promptId);
    if (!prompt) throw notFound('Prompt');
    return prompt;
  }
}
