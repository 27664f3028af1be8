// What other modules may use of the tweets module.
export { removeTweetsOf } from './tweet.service.js';
