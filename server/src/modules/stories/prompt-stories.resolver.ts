import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { withStreamCursor } from '../../events/stream-cursor.js';
import { type ConnectionShape, PageArgs } from '../../shared/pagination/index.js';
import { Prompt } from '../prompts/prompt.entity.js';
import { promptStories } from './prompt-stories.js';
import type { Story } from './story.entity.js';
import { StoryConnection } from './story.types.js';

/** `Prompt.stories`: the stories module adds the field to the prompts module's type. */
@Resolver(() => Prompt)
export class PromptStoriesResolver {
  @FieldResolver(() => StoryConnection, { description: 'Stories written from this prompt, newest first; live through `storyEvents(promptId:)`.' })
  stories(@Root() prompt: Prompt, @Args() args: PageArgs, @Ctx() context: RequestContext): Promise<ConnectionShape<Story>> {
    return withStreamCursor(context.app, () => promptStories(context, prompt, args));
  }
}
