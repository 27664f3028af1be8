// One definition for the API and the web client's forms: shared/rules.ts.
export { TWEET_LIMITS, tweetRules } from '../../../../shared/rules.js';
