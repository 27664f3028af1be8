import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { collect, registerUser, sleep, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

const STORY_FIELDS = 'id text status wordCount maxWords provider error createdAt finishedAt version prompt { id title }';
const CREATE_PROMPT = `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { id version } }`;
const GENERATE = `mutation ($input: GenerateStoryInput!) { generateStory(input: $input) { ${STORY_FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelStory(id: $id) { ${STORY_FIELDS} } }`;
const STORY = `query ($id: ID!) { story(id: $id) { ${STORY_FIELDS} } }`;
const STREAM = `subscription ($storyId: ID!) { storyStream(storyId: $storyId) { storyId index delta status story { id status text wordCount } } }`;
const DELETE_PROMPT = `mutation ($id: ID!) { deletePrompt(id: $id) }`;

const WHALE = {
  title: 'The Whale at Port Elin',
  content: 'A lighthouse keeper named Ada finds a stranded whale near the village of Port Elin and must get it back to sea before the storm arrives.',
  genre: 'fantasy',
  tone: 'hopeful',
};

// Slow enough to catch a story mid-way: a 2000-word story takes about ten seconds.
const ENV = { STORY_WORD_DELAY_MS: '5' };
const statements: string[] = [];

async function ok<T = any>(on: TestServer, user: TestUser, query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await on.graphql(query, variables, user.accessToken);
  expect(result.errors).toBeUndefined();
  return Object.values(result.data!)[0] as T;
}

const it = chorusTest({ env: ENV, start: { onQuery: (sql) => statements.push(sql) } })
  .extend('createPrompt', { scope: 'file' }, ({ server }) => (user: TestUser, input: Record<string, unknown> = WHALE) => ok(server, user, CREATE_PROMPT, { input }))
  .extend('generate', { scope: 'file' }, ({ server }) => (user: TestUser, promptId: string, maxWords: number, on = server) => ok(on, user, GENERATE, { input: { promptId, maxWords } }))
  .extend('storedStory', { scope: 'file' }, ({ server }) => async function storedStory(id: string) {
    const [row] = await server.sql('select status, text, word_count, error, finished_at, runner_id from story where id = $1', [id]);
    return row;
  })
  /** Waits for a condition on the stored story (the runner saves text as it goes). */
  .extend('untilStored', { scope: 'file' }, ({ storedStory }) => async function untilStored(id: string, predicate: (row: any) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await storedStory(id);
      if (predicate(row)) return row;
      if (Date.now() > deadline) throw new Error(`story ${id} never matched; last ${JSON.stringify(row)?.slice(0, 300)}`);
      await sleep(25);
    }
  });

const ended = (row: any) => row && row.status !== 'GENERATING';

function chunksOf(stream: ReturnType<typeof collect>) {
  return stream.received.map((result) => {
    expect(result.errors).toBeUndefined();
    return (result.data as any).storyStream;
  });
}

describe('generateStory with the builtin writer', () => {
  it('returns at once with GENERATING; the stream delivers the whole story, then completes', async ({ createPrompt, alice, generate, server }) => {
    const prompt = await createPrompt(alice);
    const story = await generate(alice, prompt.id, 120);
    expect(story).toMatchObject({ status: 'GENERATING', provider: 'builtin', maxWords: 120, error: null, finishedAt: null, prompt: { id: prompt.id } });

    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: story.id });
    await stream.waitFor(() => stream.completed || stream.error !== undefined);
    expect(stream.error).toBeUndefined();
    const chunks = chunksOf(stream);
    expect(chunks.map((chunk) => chunk.index)).toEqual(chunks.map((_, i) => i));
    expect(chunks.slice(0, -1).every((chunk) => chunk.status === 'GENERATING')).toBe(true);
    const last = chunks[chunks.length - 1];
    expect(last.status).toBe('DONE');

    const done = await ok(server, alice, STORY, { id: story.id });
    expect(done.status).toBe('DONE');
    expect(chunks.map((chunk) => chunk.delta).join('')).toBe(done.text);
    expect(last.story).toMatchObject({ id: story.id, status: 'DONE', text: done.text, wordCount: done.wordCount });
    expect(done.wordCount).toBe(done.text.split(/\s+/).filter(Boolean).length);
    expect(done.wordCount).toBeGreaterThan(60);
    expect(done.wordCount).toBeLessThanOrEqual(180);
    for (const noun of ['Ada', 'Port Elin', 'whale']) expect(done.text).toContain(noun);
    expect(done.finishedAt).not.toBeNull();

    const events = await server.sql('select type, kind, aggregate_version, audience, actor_id, payload from domain_event where aggregate_id = $1 order by id', [story.id]);
    expect(events.map((event) => [event.type, event.kind, event.aggregate_version])).toEqual([
      ['StoryStarted', 'CREATED', 1],
      ['StoryFinished', 'UPDATED', 2],
    ]);
    expect(events.every((event) => event.audience.length === 1 && event.audience[0] === `user:${alice.id}`)).toBe(true);
    expect(events[1].payload).toMatchObject({ status: 'DONE', wordCount: done.wordCount, promptId: prompt.id });
  });

  it('saves the text while it grows; a late subscriber gets the text so far as one chunk, then the rest, exactly once', async ({ createPrompt, alice, generate, untilStored, server, storedStory }) => {
    const prompt = await createPrompt(alice);
    const story = await generate(alice, prompt.id, 500);
    const partial = await untilStored(story.id, (row) => row.word_count >= 60);
    expect(partial.status).toBe('GENERATING');

    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: story.id });
    await stream.waitFor(() => stream.completed || stream.error !== undefined, 20_000);
    const chunks = chunksOf(stream);
    const done = await storedStory(story.id);
    expect(done.status).toBe('DONE');
    expect(chunks[0].status).toBe('GENERATING');
    expect(chunks[0].delta.startsWith(partial.text)).toBe(true);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((chunk) => chunk.delta).join('')).toBe(done.text);
    // Every chunk's story carries exactly the text sent so far.
    let sent = '';
    for (const chunk of chunks) {
      sent += chunk.delta;
      expect(chunk.story.text).toBe(sent);
    }
  });

  it('a subscriber after the end gets the whole story as one final chunk', async ({ createPrompt, alice, generate, untilStored, server }) => {
    const prompt = await createPrompt(alice);
    const story = await generate(alice, prompt.id, 50);
    const done = await untilStored(story.id, ended);
    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: story.id });
    await stream.waitFor(() => stream.completed);
    expect(chunksOf(stream)).toEqual([{ storyId: story.id, index: 0, delta: done.text, status: 'DONE', story: expect.objectContaining({ text: done.text }) }]);
  });

  it('cancelStory stops the generation, keeps the text and ends the stream', async ({ createPrompt, alice, generate, server, storedStory }) => {
    const prompt = await createPrompt(alice);
    const story = await generate(alice, prompt.id, 2000);
    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: story.id });
    await stream.waitFor(() => chunksOf(stream).map((chunk) => chunk.delta).join('').split(/\s+/).length > 30);

    const cancelled = await ok(server, alice, CANCEL, { id: story.id });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.finishedAt).not.toBeNull();
    expect(cancelled.wordCount).toBeGreaterThan(30);
    expect(cancelled.wordCount).toBeLessThan(2000);

    await stream.waitFor(() => stream.completed);
    const chunks = chunksOf(stream);
    expect(chunks[chunks.length - 1].status).toBe('CANCELLED');
    expect(chunks.map((chunk) => chunk.delta).join('')).toBe(cancelled.text);

    // Nothing more is written after the cancel.
    await sleep(300);
    expect(await storedStory(story.id)).toMatchObject({ status: 'CANCELLED', text: cancelled.text, word_count: cancelled.wordCount });
    const events = await server.sql('select type, actor_id from domain_event where aggregate_id = $1 order by id', [story.id]);
    expect(events).toEqual([
      { type: 'StoryStarted', actor_id: alice.id },
      { type: 'StoryCancelled', actor_id: alice.id },
    ]);
    // Cancelling again changes nothing.
    expect(await ok(server, alice, CANCEL, { id: story.id })).toMatchObject({ status: 'CANCELLED', version: cancelled.version });
  });

  it('allows two stories at a time per user: a third is RATE_LIMITED and stores nothing', async ({ server, createPrompt, generate, bob, untilStored }) => {
    const carol = await registerUser(server);
    const prompt = await createPrompt(carol);
    const first = await generate(carol, prompt.id, 2000);
    const second = await generate(carol, prompt.id, 2000);
    const third = await server.graphql(GENERATE, { input: { promptId: prompt.id, maxWords: 100 } }, carol.accessToken);
    expect(third.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const [count] = await server.sql('select count(*)::int as count from story where owner_id = $1', [carol.id]);
    expect(count.count).toBe(2);

    // Other users are not held back by Carol's stories.
    const bobsPrompt = await createPrompt(bob);
    const bobs = await generate(bob, bobsPrompt.id, 50);
    await untilStored(bobs.id, ended);

    await ok(server, carol, CANCEL, { id: first.id });
    const fourth = await generate(carol, prompt.id, 50);
    expect(fourth.status).toBe('GENERATING');
    await ok(server, carol, CANCEL, { id: second.id });
    await untilStored(fourth.id, ended);
  });

  it.for([49, 2001, 0])('maxWords %i is BAD_USER_INPUT and stores nothing', async (maxWords, { createPrompt, alice, server }) => {
    const prompt = await createPrompt(alice);
    const result = await server.graphql(GENERATE, { input: { promptId: prompt.id, maxWords } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty('maxWords');
    expect(await server.sql('select id from story where prompt_id = $1', [prompt.id])).toEqual([]);
  });

  it("another user's prompt or story is NOT_FOUND everywhere; so is a malformed id", async ({ createPrompt, alice, generate, untilStored, server, bob, storedStory }) => {
    const prompt = await createPrompt(alice);
    const story = await generate(alice, prompt.id, 50);
    await untilStored(story.id, ended);
    const bobsBefore = await server.sql('select id from story where owner_id = $1', [bob.id]);
    for (const id of [story.id, 'nope', randomUUID()]) {
      const get = await server.graphql(STORY, { id }, bob.accessToken);
      expect(get.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const cancel = await server.graphql(CANCEL, { id }, bob.accessToken);
      expect(cancel.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const stream = collect(server.ws(bob.accessToken), STREAM, { storyId: id });
      await stream.waitFor(() => stream.completed || stream.error !== undefined);
      const errors = stream.received[0]?.errors ?? (stream.error as any[]);
      expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    for (const promptId of [prompt.id, 'nope']) {
      const generated = await server.graphql(GENERATE, { input: { promptId, maxWords: 50 } }, bob.accessToken);
      expect(generated.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await server.sql('select id from story where owner_id = $1', [bob.id])).toEqual(bobsBefore);
    expect((await storedStory(story.id)).status).toBe('DONE');
  });

  it('Prompt.stories lists the stories newest first, in pages; Story.prompt leads back', async ({ server, createPrompt, generate, untilStored }) => {
    const erin = await registerUser(server);
    const prompt = await createPrompt(erin);
    const other = await createPrompt(erin, { title: 'Other', content: 'Nothing here.' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const story = await generate(erin, prompt.id, 50);
      await untilStored(story.id, ended);
      ids.push(story.id);
    }
    const othersStory = await generate(erin, other.id, 50);
    await untilStored(othersStory.id, ended);
    const PAGE = `query ($id: ID!, $after: String) { prompt(id: $id) { stories(first: 2, after: $after) {
      edges { node { id prompt { id } } } pageInfo { hasNextPage endCursor } totalCount } } }`;
    const first = (await ok(server, erin, PAGE, { id: prompt.id })).stories;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((edge: any) => edge.node.id)).toEqual([ids[2], ids[1]]);
    expect(first.edges[0].node.prompt.id).toBe(prompt.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await ok(server, erin, PAGE, { id: prompt.id, after: first.pageInfo.endCursor })).stories;
    expect(rest.edges.map((edge: any) => edge.node.id)).toEqual([ids[0]]);
    expect(rest.pageInfo.hasNextPage).toBe(false);

    // A page of prompts, each with its first stories.
    const LIST = `{ prompts { edges { node { id stories(first: 1) { edges { node { id } } totalCount } } } } }`;
    const list = await ok(server, erin, LIST, {});
    const byId = Object.fromEntries(list.edges.map((edge: any) => [edge.node.id, edge.node.stories]));
    expect(byId[prompt.id]).toEqual({ edges: [{ node: { id: ids[2] } }], totalCount: 3 });
    expect(byId[other.id]).toEqual({ edges: [{ node: { id: othersStory.id } }], totalCount: 1 });

    // Batched: the same number of statements for two prompts as for six.
    const counted = async () => {
      statements.length = 0;
      await ok(server, erin, `{ prompts { edges { node { id stories(first: 2) { edges { node { id prompt { title } } } totalCount } } } } }`, {});
      return statements.filter((sql) => /\b(story|prompt)\b/.test(sql) && !sql.includes('extract(epoch')).length;
    };
    const forTwo = await counted();
    for (let i = 0; i < 4; i++) await createPrompt(erin, { title: `More ${i}`, content: 'More content.' });
    expect(await counted()).toBe(forTwo);
  });

  it('deleting a prompt cancels its running story, ends its stream and deletes its stories', async ({ createPrompt, alice, generate, untilStored, server }) => {
    const prompt = await createPrompt(alice);
    const finished = await generate(alice, prompt.id, 50);
    await untilStored(finished.id, ended);
    const running = await generate(alice, prompt.id, 2000);
    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: running.id });
    await stream.waitFor(() => stream.received.length > 3);

    expect(await ok(server, alice, DELETE_PROMPT, { id: prompt.id })).toBe(true);
    await stream.waitFor(() => stream.completed);
    const last = chunksOf(stream).pop();
    expect(last).toMatchObject({ status: 'CANCELLED', story: null });
    expect(await server.sql('select id from story where prompt_id = $1', [prompt.id])).toEqual([]);
    const events = await server.sql(
      `select type from domain_event where aggregate_id = any($1::text[]) and type in ('StoryCancelled', 'StoryFailed', 'StoryFinished', 'PromptDeleted') order by id`,
      [[running.id, prompt.id]],
    );
    expect(events.map((event) => event.type)).toEqual(['StoryCancelled', 'PromptDeleted']);
    const gone = await server.graphql(STORY, { id: running.id }, alice.accessToken);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('storyEvents', () => {
  const STORY_EVENTS = `subscription ($after: String, $promptId: ID) {
    storyEvents(after: $after, promptId: $promptId) { cursor kind type id version story { id status text wordCount prompt { id } } }
  }`;
  const HISTORY = `query ($id: ID!) { prompt(id: $id) { stories { streamCursor } } }`;
  const eventsOf = (stream: ReturnType<typeof collect>) =>
    stream.received.map((result) => {
      expect(result.errors).toBeUndefined();
      return (result.data as any).storyEvents;
    });

  it("tells the owner when a story of the prompt starts and ends, after the history's streamCursor, and nobody else", async ({ server, createPrompt, bob, generate }) => {
    const dave = await registerUser(server);
    const prompt = await createPrompt(dave);
    const other = await createPrompt(dave, { ...WHALE, title: 'Another prompt' });
    const { stories } = await ok(server, dave, HISTORY, { id: prompt.id });
    const tab = collect(server.ws(dave.accessToken), STORY_EVENTS, { after: stories.streamCursor, promptId: prompt.id });
    const everything = collect(server.ws(dave.accessToken), STORY_EVENTS, { after: stories.streamCursor });
    const stranger = collect(server.ws(bob.accessToken), STORY_EVENTS, { after: stories.streamCursor });

    const elsewhere = await generate(dave, other.id, 60);
    const story = await generate(dave, prompt.id, 60);
    await tab.waitFor(() => tab.received.length >= 2, 15_000);
    const done = await ok(server, dave, STORY, { id: story.id });
    expect(eventsOf(tab).map((event) => [event.type, event.kind, event.id, event.version, event.story.status])).toEqual([
      ['StoryStarted', 'CREATED', story.id, 1, 'GENERATING'],
      ['StoryFinished', 'UPDATED', story.id, 2, 'DONE'],
    ]);
    // The events carry no prose; the story's text is read when the event is delivered.
    expect(eventsOf(tab)[1].story).toMatchObject({ text: done.text, wordCount: done.wordCount, prompt: { id: prompt.id } });

    // Without promptId: every story of the viewer's.
    await everything.waitFor(() => eventsOf(everything).filter((event) => event.type === 'StoryFinished').length === 2, 15_000);
    expect(new Set(eventsOf(everything).map((event) => event.id))).toEqual(new Set([elsewhere.id, story.id]));

    // Bob hears of his own story only.
    const bobs = await generate(bob, (await createPrompt(bob)).id, 60);
    await stranger.waitFor(() => eventsOf(stranger).some((event) => event.id === bobs.id));
    expect(eventsOf(stranger).every((event) => event.id === bobs.id)).toBe(true);

    // Deleting the prompt deletes the story: the event says so, without a story.
    await ok(server, dave, DELETE_PROMPT, { id: prompt.id });
    await tab.waitFor(() => tab.received.length >= 3);
    expect(eventsOf(tab)[2]).toMatchObject({ type: 'StoryDeleted', kind: 'DELETED', id: story.id, story: null });
    for (const stream of [tab, everything, stranger]) stream.unsubscribe();
  });

  it('a promptId that is not an id is BAD_USER_INPUT', async ({ server, alice }) => {
    const bad = collect(server.ws(alice.accessToken), STORY_EVENTS, { promptId: 'nope' });
    await bad.waitFor(() => bad.received.length > 0 || bad.error !== undefined);
    expect((bad.received[0]?.errors ?? (bad.error as any[]))[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('several processes and restarts', () => {
  it('a subscriber on another process gets the whole text exactly once, and can cancel it there', async ({ server, createPrompt, alice, generate, storedStory, untilStored }) => {
    const other = await startTestServer({ databaseUrl: server.databaseUrl, env: ENV });
    try {
      const prompt = await createPrompt(alice);
      const story = await generate(alice, prompt.id, 400);
      const remote = collect(other.ws(alice.accessToken), STREAM, { storyId: story.id });
      await remote.waitFor(() => remote.completed || remote.error !== undefined, 20_000);
      const chunks = chunksOf(remote);
      const done = await storedStory(story.id);
      expect(done.status).toBe('DONE');
      expect(chunks.map((chunk) => chunk.delta).join('')).toBe(done.text);
      expect(chunks[chunks.length - 1].status).toBe('DONE');

      // Cancelled through the other process: the writing process stops and stores what it has.
      const long = await generate(alice, prompt.id, 2000);
      const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: long.id });
      await untilStored(long.id, (row) => row.word_count > 20);
      const cancelled = await ok(other, alice, CANCEL, { id: long.id });
      expect(cancelled.status).toBe('CANCELLED');
      await stream.waitFor(() => stream.completed);
      const local = chunksOf(stream);
      expect(local[local.length - 1].status).toBe('CANCELLED');
      expect(local.map((chunk) => chunk.delta).join('')).toBe(cancelled.text);
      await sleep(300);
      expect(await storedStory(long.id)).toMatchObject({ status: 'CANCELLED', text: cancelled.text });
    } finally {
      await other.close();
    }
  });

  it('on start, stories left GENERATING by a dead process become FAILED "interrupted"; live ones are left alone', async ({ createPrompt, alice, server, generate, storedStory }) => {
    const prompt = await createPrompt(alice);
    const orphan = randomUUID();
    await server.sql(
      `insert into story (id, prompt_id, owner_id, text, status, word_count, max_words, provider, runner_id, created_at, version)
       values ($1, $2, $3, 'Half a story', 'GENERATING', 3, 500, 'builtin', $4, now(), 1)`,
      [orphan, prompt.id, alice.id, randomUUID()],
    );
    const live = await generate(alice, prompt.id, 2000);

    const restarted = await startTestServer({ databaseUrl: server.databaseUrl, env: ENV });
    try {
      expect(await storedStory(orphan)).toMatchObject({ status: 'FAILED', error: 'interrupted', text: 'Half a story' });
      const [event] = await server.sql(`select type, payload from domain_event where aggregate_id = $1`, [orphan]);
      expect(event).toMatchObject({ type: 'StoryFailed', payload: { status: 'FAILED', error: 'interrupted' } });
      // The first process is alive and still writing its story.
      expect((await storedStory(live.id)).status).toBe('GENERATING');
      const seen = await ok(restarted, alice, STORY, { id: orphan });
      expect(seen).toMatchObject({ status: 'FAILED', error: 'interrupted', text: 'Half a story' });
    } finally {
      await restarted.close();
    }
    await ok(server, alice, CANCEL, { id: live.id });
  });

  it('a process that shuts down fails the stories it was writing as "interrupted"', async ({ server, createPrompt, alice, generate, untilStored, storedStory }) => {
    const leaving = await startTestServer({ databaseUrl: server.databaseUrl, env: ENV });
    const prompt = await createPrompt(alice);
    const story = await generate(alice, prompt.id, 2000, leaving);
    await untilStored(story.id, (row) => row.word_count > 10);
    await leaving.close();
    const row = await storedStory(story.id);
    expect(row).toMatchObject({ status: 'FAILED', error: 'interrupted' });
    expect(row.word_count).toBeGreaterThan(10);
  });
});
