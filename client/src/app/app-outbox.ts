import { Outbox } from '../lib/outbox/outbox';
import { apolloClient, session, wsClient } from './chorus-client';

/**
 * Tweets, tasks and prompts typed offline or while the server is away wait here, and go when it is
 * back. Only the signed-in frame (app-layout.tsx) uses it, so its code loads with that frame and the
 * sign-in page does without it (docs/decisions/015-sign-in-javascript-budget.md); so does each
 * sender (its mutation and cache updates), with the first entry it sends.
 */
export const outbox = new Outbox({
  senders: {
    tweet: async (input, id) => (await import('../features/tweets/api/post-tweet')).tweetSender(apolloClient)(input, id),
    task: async (input, id) => (await import('../features/tasks/api/create-task')).taskSender(apolloClient)(input, id),
    prompt: async (input, id) => (await import('../features/stories/api/create-prompt')).promptSender(apolloClient)(input, id),
  },
  accessToken: () => session.accessTokenForRequest(),
});
// The socket reconnecting is the first sign that a restarted server is back.
wsClient.on('connected', () => outbox.wake());
