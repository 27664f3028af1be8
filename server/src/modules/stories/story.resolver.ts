import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../app/context.js';
import { SignedIn } from '../../auth/access.js';
import { notFound } from '../../shared/errors.js';
import { Prompt } from './prompt.entity.js';
import { Story } from './story.entity.js';
import { GenerateStoryInput } from './story.inputs.js';
import * as stories from './story.service.js';
import { openStoryStream } from './story-stream.js';
import { StoryChunk } from './story.types.js';

@Resolver(() => Story)
export class StoryResolver {
  @SignedIn()
  @Query(() => Story, { nullable: true })
  story(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<Story> {
    return stories.findStory(context, id);
  }

  @SignedIn()
  @Mutation(() => Story, { description: 'Starts writing a story from one of your prompts; returns at once, GENERATING. Follow it with `storyStream`.' })
  generateStory(@Arg('input') input: GenerateStoryInput, @Ctx() context: RequestContext): Promise<Story> {
    return stories.generateStory(context, input);
  }

  @SignedIn()
  @Mutation(() => Story, { description: 'Stops a story being written (CANCELLED, keeping its text); a story that already ended is returned as it is.' })
  cancelStory(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<Story> {
    return stories.cancelStory(context, id);
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
