// What other modules may use of the stories module.
export { type PromptSelection, removeStoriesOfPrompts } from './story.lifecycle.js';
export { storyRunner, type StoryRunner } from './runtime/story-runner.js';
