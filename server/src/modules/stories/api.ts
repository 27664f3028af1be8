// What other modules may use of the stories module.
import type { StoryRunner } from './runtime/story-runner.js';

export { type PromptSelection, removeStoriesOfPrompts } from './story.lifecycle.js';
export { storyRunner, type StoryRunner } from './runtime/story-runner.js';

/** After the transaction that cancelled them commits: this process's writers of these stories stop. */
export function discardStories(runner: StoryRunner, storyIds: string[]): void {
  runner.discard(storyIds);
}
