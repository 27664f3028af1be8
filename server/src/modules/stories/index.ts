import type { ChorusModule } from '../../context/chorus-module.js';
import { PromptStoriesResolver } from './prompt-stories.resolver.js';
import { StoryRunner } from './runtime/story-runner.js';
import { Story } from './story.entity.js';
import { storyAggregate } from './story.events.js';
import { StoryResolver } from './story.resolver.js';

/** Stories written from prompts by a generator, streamed live as they are written. */
export const storiesModule = {
  name: 'stories',
  entities: [Story],
  aggregates: [storyAggregate],
  resolvers: [StoryResolver, PromptStoriesResolver],
  liveFields: [{ field: 'storyEvents' }],
  // Stopping stores how each running story ended, so it runs before the relay stops.
  start: (app) => StoryRunner.start(app),
} satisfies ChorusModule;
