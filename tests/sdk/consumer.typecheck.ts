// Compiled by tests/sdk/typecheck.test.ts (tsc --noEmit -p tests/sdk/tsconfig.json), never run.
// Each `@ts-expect-error` must meet an error: if the SDK's types turned into `any`, tsc would
// report the directive as unused and the test would fail.
import { type ChorusError, createChorusClient } from '../../sdk/src/chorus-client.js';
import { ApiInfoDocument, MeDocument, PostTweetDocument, TweetEventsDocument, TweetsDocument } from '../../sdk/src/generated/graphql.js';

type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny = <T>(_value: T, _proof: IsAny<T> extends false ? true : never) => {};

export async function consumer(): Promise<void> {
  const chorus = createChorusClient({ url: 'http://localhost:4000/graphql', getToken: () => null });

  const posted = await chorus.mutate(PostTweetDocument, { input: { body: 'hello' } });
  const body: string = posted.postTweet.body;
  const likes: number = posted.postTweet.likeCount;
  notAny(posted, true);
  notAny(body, true);
  notAny(likes, true);

  // @ts-expect-error `body` is a String
  await chorus.mutate(PostTweetDocument, { input: { body: 42 } });
  // @ts-expect-error `input` is required
  await chorus.mutate(PostTweetDocument, {});
  // @ts-expect-error variables are required for this operation
  await chorus.mutate(PostTweetDocument);
  // @ts-expect-error no such variable
  await chorus.query(TweetsDocument, { first: 10, limit: 10 });

  // @ts-expect-error a Tweet has no `title`
  posted.postTweet.title;
  // @ts-expect-error `likeCount` is a number
  const wrong: string = posted.postTweet.likeCount;
  void wrong;

  // Operations without required variables take none.
  const info = await chorus.query(ApiInfoDocument);
  const uptime: number = info.apiInfo.uptimeSeconds;
  const me = await chorus.query(MeDocument);
  // @ts-expect-error `me` is null when signed out
  me.me.username;
  const page = await chorus.query(TweetsDocument, { first: 5 });
  const cursor: string | null | undefined = page.tweets.pageInfo.endCursor;

  const subscription = chorus.subscribe(
    TweetEventsDocument,
    { after: cursor },
    {
      next: (data) => {
        notAny(data, true);
        const kind: 'CREATED' | 'UPDATED' | 'DELETED' = data.tweetEvents.kind;
        const text: string | undefined = data.tweetEvents.tweet?.body;
        // @ts-expect-error the event's object may be null (DELETED)
        data.tweetEvents.tweet.body;
        // @ts-expect-error a TweetEvent has no `task`
        data.tweetEvents.task;
        void kind;
        void text;
      },
      error: (error: ChorusError) => {
        const code: string = error.code;
        void code;
      },
    },
  );
  // @ts-expect-error `after` is a String
  chorus.subscribe(TweetEventsDocument, { after: 1 }, { next: () => {} });
  const resumeFrom: string | null = subscription.cursor;
  void uptime;
  void resumeFrom;
  await chorus.dispose();
}
