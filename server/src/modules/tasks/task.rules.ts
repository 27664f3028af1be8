// One definition for the API and the web client's forms: shared/rules.ts.
export { TASK_LIMITS, taskRules } from '../../../../shared/rules.js';
