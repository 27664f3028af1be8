// Streams every tweet event to the console and keeps going across server restarts.
// CHORUS_URL=http://localhost:4000/graphql CHORUS_USER=alice CHORUS_PASSWORD=... \
//   node --import @swc-node/register/esm-register sdk/examples/stream-tweets.ts
import { createChorusClient } from '../src/chorus-client.js';
import { LoginDocument, RefreshTokenDocument, TweetEventsDocument } from '../src/generated/graphql.js';

let session = { accessToken: '', refreshToken: '' };
const chorus = createChorusClient({
  url: process.env.CHORUS_URL ?? 'http://localhost:4000/graphql',
  getToken: () => session.accessToken,
  onTokenExpired: async () => {
    session = (await chorus.mutate(RefreshTokenDocument, { input: { refreshToken: session.refreshToken } })).refreshToken;
  },
});
const credentials = { usernameOrEmail: process.env.CHORUS_USER ?? '', password: process.env.CHORUS_PASSWORD ?? '' };
session = (await chorus.mutate(LoginDocument, { input: credentials })).login;

// Without `after` the stream starts now; after a reconnect the SDK resumes from the last event it delivered.
chorus.subscribe(TweetEventsDocument, { after: process.env.CHORUS_AFTER }, {
  next: ({ tweetEvents: { kind, id, tweet } }) => console.log(`${kind} ${id} @${tweet?.author.username ?? '-'}: ${tweet?.body ?? ''}`),
  error: (error) => {
    console.error(`stream ended: ${error.code} ${error.message}`);
    process.exit(1);
  },
});
