// One definition for the API and the web client's forms: shared/rules.ts.
export { STORY_LIMITS, storyRules } from '../../../../shared/rules.js';
