// One definition for the API and the web client's forms: shared/rules.ts.
export { PROMPT_LIMITS, promptRules } from '../../../../shared/rules.js';
