// What other modules may use of the prompts module (besides `Prompt`, from prompt.entity.ts).
export { removePromptsOf } from './prompt.service.js';
