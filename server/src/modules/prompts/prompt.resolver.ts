import { withStreamCursor } from '../../events/stream-cursor.js';
import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { SignedIn } from '../../auth/access.js';
import { changeEventSubscription } from '../../events/change-event-subscription.js';
import { CurrentViewer } from '../../auth/current-viewer.js';
import type { Viewer } from '../../auth/viewer.js';
import type { StoredEvent } from '../../events/stored-event.js';
import { type ConnectionShape, PageArgs } from '../../shared/pagination/index.js';
import { Prompt } from './prompt.entity.js';
import { promptAggregate } from './prompt.events.js';
import { CreatePromptInput, DeletePromptInput, UpdatePromptInput } from './prompt.inputs.js';
import * as prompts from './prompt.service.js';
import { PromptConnection, PromptEvent } from './prompt.types.js';
import { storyRunner } from '../stories/api.js';

@ArgsType()
class PromptsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Matches title or content, anywhere, ignoring case.' })
  search?: string | null;
}

const promptChanges = changeEventSubscription<PromptEvent>(promptAggregate);

@Resolver(() => Prompt)
export class PromptResolver {
  @SignedIn()
  @Query(() => PromptConnection, { description: 'Your prompts, newest first.' })
  prompts(@Args() args: PromptsArgs, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<ConnectionShape<Prompt>> {
    return withStreamCursor(context.app, () => prompts.listPrompts(context.em, viewer.id, args));
  }

  @SignedIn()
  @Query(() => Prompt, { nullable: true })
  prompt(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Prompt> {
    return prompts.findPrompt(context.em, viewer.id, id);
  }

  @SignedIn()
  @Mutation(() => Prompt)
  createPrompt(@Arg('input') input: CreatePromptInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Prompt> {
    return prompts.createPrompt(context.em, viewer.id, input);
  }

  @SignedIn()
  @Mutation(() => Prompt)
  updatePrompt(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdatePromptInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: RequestContext,
  ): Promise<Prompt> {
    return prompts.updatePrompt(context.em, viewer.id, id, input);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Deletes the prompt and its stories; a story still being written is cancelled.' })
  deletePrompt(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => DeletePromptInput, { nullable: true }) input: DeletePromptInput | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: RequestContext,
  ): Promise<boolean> {
    return prompts.deletePrompt(context.em, viewer.id, id, input, storyRunner(context.app));
  }

  @SignedIn()
  @Subscription(() => PromptEvent, {
    description: 'Changes to your prompts.',
    subscribe: promptChanges.subscribe,
  })
  promptEvents(
    @Root() event: StoredEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Ctx() context: RequestContext,
  ): PromptEvent {
    return promptChanges.deliver(context, event);
  }
}
