import { describe, expect } from 'vitest';
import { ChorusError } from '../../sdk/src/chorus-client.js';
import {
  ApiInfoDocument,
  CreatePromptDocument,
  CreateTaskDocument,
  GenerateStoryDocument,
  MeDocument,
  PostTweetDocument,
  StoryStreamDocument,
  TaskEventsDocument,
  TasksDocument,
  TweetsDocument,
} from '../../sdk/src/generated/graphql.js';
import { freePort } from '../../server/src/db/embedded-postgres.js';
import { createTestDatabase, cursorsAscending, sleep, startTestServer, type TestServer } from '../helpers/chorus.js';
import { it } from '../helpers/fixtures.js';
import { eventLog, stream, untilLive } from '../helpers/sdk.js';

describe('the SDK against a real server', () => {

  it('queries and mutates over HTTP with typed variables and results', async ({ server, sdk }) => {
    const alice = await sdk.signUp(server.url);
    const { postTweet } = await alice.client.mutate(PostTweetDocument, { input: { body: 'hello from the SDK' } });
    expect(postTweet).toMatchObject({ body: 'hello from the SDK', likeCount: 0, author: { id: alice.user.id, username: alice.user.username } });
    const { tweets } = await alice.client.query(TweetsDocument, { authorId: alice.user.id });
    expect(tweets.edges.map((edge) => edge.node.id)).toEqual([postTweet.id]);
    expect((await alice.client.query(MeDocument)).me?.id).toBe(alice.user.id);

    const anonymous = sdk.signedOut(server.url);
    expect((await anonymous.client.query(MeDocument)).me).toBeNull();
    expect((await anonymous.client.query(ApiInfoDocument)).apiInfo.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('throws ChorusError with the code (and fields) from API.md', async ({ server, sdk }) => {
    const alice = await sdk.signUp(server.url);
    const invalid = await alice.client.mutate(PostTweetDocument, { input: { body: '   ' } }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ChorusError);
    expect(invalid).toMatchObject({ code: 'BAD_USER_INPUT', fields: { body: expect.any(String) } });

    const anonymous = sdk.signedOut(server.url);
    await expect(anonymous.client.mutate(PostTweetDocument, { input: { body: 'hi' } })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ends a subscription the server refuses with its error code', async ({ server, sdk }) => {
    const alice = await sdk.signUp(server.url);
    const refused = stream(alice.client, TaskEventsDocument, { after: 'not-a-cursor' });
    await expect(refused.waitFor(() => false)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refused.received).toEqual([]);
  });

  it('a list read with the SDK carries streamCursor: subscribing after it misses nothing committed since the read', async ({ server, sdk }) => {
    const alice = await sdk.signUp(server.url);
    await alice.client.mutate(CreateTaskDocument, { input: { title: 'in the page' } });
    const { tasks } = await alice.client.query(TasksDocument, { first: 10 });
    expect(tasks.edges.map((edge) => edge.node.title)).toEqual(['in the page']);
    // Committed after the read and before the subscription: only the barrier cursor brings it.
    await alice.client.mutate(CreateTaskDocument, { input: { title: 'between' } });
    const events = stream(alice.client, TaskEventsDocument, { after: tasks.streamCursor });
    await events.waitFor(() => events.received.some((event) => event.taskEvents.task?.title === 'between'));
  });

  it('follows a storyStream (no cursor) to its last chunk, then completes', async ({ server, sdk }) => {
    const alice = await sdk.signUp(server.url);
    const { createPrompt } = await alice.client.mutate(CreatePromptDocument, { input: { title: 'The lighthouse', content: 'A keeper and a whale.' } });
    const { generateStory } = await alice.client.mutate(GenerateStoryDocument, { input: { promptId: createPrompt.id, maxWords: 50 } });
    const chunks = stream(alice.client, StoryStreamDocument, { storyId: generateStory.id });
    await chunks.waitFor(() => chunks.completed);
    const last = chunks.received.at(-1)!.storyStream;
    expect(last.status).toBe('DONE');
    expect(chunks.received.map((chunk) => chunk.storyStream.delta).join('')).toBe(last.story?.text);
  });
});

describe('SDK subscriptions survive a server restart', () => {
  it('resumes on the restarted server: events while it was down arrive once, in order, then live ones', async ({ sdk }) => {
    const databaseUrl = await createTestDatabase();
    const port = String(await freePort());
    // Servers of its own: `main` stops and starts again on the same port.
    let main: TestServer | undefined = await startTestServer({ databaseUrl, env: { PORT: port } });
    const other = await startTestServer({ databaseUrl });
    const alice = await sdk.signUp(main.url);
    try {
      const elsewhere = alice.clientFor(other.url);
      const task = (title: string, client = alice.client) => client.mutate(CreateTaskDocument, { input: { title } });

      const events = stream(alice.client, TaskEventsDocument, {});
      await untilLive(events, (attempt) => task(`warm-up ${attempt}`));
      await task('before 1');
      await task('before 2');
      await events.waitFor(() => events.received.some((event) => event.taskEvents.task?.title === 'before 2'));

      await main.close();
      main = undefined;
      await task('while down 1', elsewhere);
      await task('while down 2', elsewhere);
      main = await startTestServer({ databaseUrl, env: { PORT: port } });
      expect(main.url).toBe(`http://127.0.0.1:${port}/graphql`);
      await task('after restart');
      await events.waitFor(() => events.received.some((event) => event.taskEvents.task?.title === 'after restart'), 20_000);

      const titles = events.received.map((event) => event.taskEvents.task!.title).filter((title) => !title.startsWith('warm-up'));
      expect(titles).toEqual(['before 1', 'before 2', 'while down 1', 'while down 2', 'after restart']);
      const cursors = events.received.map((event) => event.taskEvents.cursor);
      expect(new Set(cursors).size).toBe(cursors.length);
      expect(cursorsAscending(cursors, await eventLog(alice.client, 'Task'))).toBe(true);
    } finally {
      // Before its servers go: a client still retrying one that is gone fails when disposed later.
      await alice.dispose();
      await main?.close();
      await other.close();
    }
  }, 45_000);
});

describe('SDK token refresh', () => {
  it('renews an expired token for the websocket (close 4403) and goes on; concurrent HTTP requests share one refresh', async ({ sdk }) => {
    const chorus = await startTestServer({ env: { ACCESS_TOKEN_TTL_SECONDS: '5' } });
    const [alice, bob] = [await sdk.signUp(chorus.url), await sdk.signUp(chorus.url)];
    try {
      const firstToken = alice.tokens.accessToken;

      const events = stream(alice.client, TaskEventsDocument, {});
      await untilLive(events, (attempt) => alice.client.mutate(CreateTaskDocument, { input: { title: `warm-up ${attempt}` } }));
      await alice.client.mutate(CreateTaskDocument, { input: { title: 'before expiry' } });
      // The server closes the socket with 4403 when the token expires; only the websocket asks for a refresh.
      await events.waitFor(() => alice.tokens.accessToken !== firstToken, 10_000);
      expect(alice.refreshes).toBe(1);
      await alice.client.mutate(CreateTaskDocument, { input: { title: 'after refresh' } });
      await events.waitFor(() => events.received.some((event) => event.taskEvents.task?.title === 'after refresh'));
      const titles = events.received.map((event) => event.taskEvents.task!.title).filter((title) => !title.startsWith('warm-up'));
      expect(titles).toEqual(['before expiry', 'after refresh']);
      expect(alice.refreshes).toBe(1);

      // Over HTTP: UNAUTHENTICATED with an expired token → one refresh (a second one would reuse the
      // rotated refresh token and revoke the session), then each request is retried once.
      await sleep(Math.max(0, Date.parse(bob.tokens.accessTokenExpiresAt) + 50 - Date.now()));
      const pages = await Promise.all([1, 2, 3].map(() => bob.client.query(TasksDocument, {})));
      expect(pages.map((page) => page.tasks.totalCount)).toEqual([0, 0, 0]);
      expect(bob.refreshes).toBe(1);
    } finally {
      await Promise.all([alice.dispose(), bob.dispose()]);
      await chorus.close();
    }
  }, 30_000);
});
