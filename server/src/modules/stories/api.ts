// What other modules may use of the stories module.
import type { AppServices } from '../../context/request-context.js';
import { storyRunner } from './runtime/story-runner.js';

export { type PromptSelection, removeStoriesOfPrompts } from './story.lifecycle.js';

/** After the transaction that cancelled them commits: this process's writers of these stories stop. */
export function discardStories(app: AppServices, storyIds: string[]): void {
  storyRunner(app).discard(storyIds);
}
