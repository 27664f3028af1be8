import { describe, expect } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai.js';
import { collect, sleep, startTestServer } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const CREATE_PROMPT = `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { id } }`;
const GENERATE = `mutation ($input: GenerateStoryInput!) { generateStory(input: $input) { id status provider } }`;
const CANCEL = `mutation ($id: ID!) { cancelStory(id: $id) { id status text } }`;
const STORY = `query ($id: ID!) { story(id: $id) { id status text wordCount provider error finishedAt } }`;
const STREAM = `subscription ($storyId: ID!) { storyStream(storyId: $storyId) { index delta status } }`;

const PROMPT = {
  title: 'The Whale at Port Elin',
  content: 'A lighthouse keeper named Ada finds a stranded whale near Port Elin.',
  genre: 'fantasy',
  tone: 'hopeful',
};
let promptId: string;

const it = test
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  .extend('fake', { scope: 'file' }, async ({}, { onCleanup }) => {
    const fake = await startFakeOpenAI();
    onCleanup(() => fake.close());
    return fake;
  })
  .extend('serverOptions', { scope: 'file' }, ({ fake }) => ({
    env: {
      STORY_PROVIDER: 'openai',
      // Already ending in /v1: the generator must not add another.
      STORY_API_URL: `${fake.url}/v1`,
      STORY_API_KEY: 'sk-test-key',
      STORY_MODEL: 'story-model-1',
      STORY_TIMEOUT_MS: '300',
    },
  }))
  .extend('generate', { scope: 'file' }, ({ server, alice }) => async function generate(maxWords = 150): Promise<string> {
    const result = await server.graphql(GENERATE, { input: { promptId, maxWords } }, alice.accessToken);
    expect(result.errors).toBeUndefined();
    expect(result.data!.generateStory).toMatchObject({ status: 'GENERATING', provider: 'openai' });
    return result.data!.generateStory.id;
  })
  .extend('untilEnded', { scope: 'file' }, ({ server, alice }) => async function untilEnded(id: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const story = (await server.graphql(STORY, { id }, alice.accessToken)).data!.story;
      if (story.status !== 'GENERATING') return story;
      if (Date.now() > deadline) throw new Error(`story ${id} still GENERATING: ${JSON.stringify(story)}`);
      await sleep(25);
    }
  });

it.beforeAll(async ({ server, alice }) => {
  const created = await server.graphql(CREATE_PROMPT, { input: PROMPT }, alice.accessToken);
  promptId = created.data!.createPrompt.id;
});

describe('the openai provider', () => {
  it('streams the answer into the story and sends a well-formed chat-completions request', async ({ fake, generate, server, alice, untilEnded }) => {
    const deltas = ['Ada ', 'walked ', 'down ', 'to ', 'the ', 'whale', '.\n\n', 'The ', 'storm ', 'waited.'];
    fake.reply = () => ({ kind: 'stream', deltas, delayMs: 5 });
    const before = fake.requests.length;
    const id = await generate(150);
    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: id });
    await stream.waitFor(() => stream.completed || stream.error !== undefined);
    const chunks = stream.received.map((result) => (result.data as any).storyStream);
    expect(chunks.map((chunk) => chunk.delta).join('')).toBe(deltas.join(''));
    expect(chunks[chunks.length - 1].status).toBe('DONE');

    const story = await untilEnded(id);
    expect(story).toMatchObject({ status: 'DONE', text: deltas.join(''), wordCount: 9, provider: 'openai', error: null });

    const [request] = fake.requests.slice(before);
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe('Bearer sk-test-key');
    expect(request!.headers['content-type']).toMatch(/application\/json/);
    expect(request!.body).toMatchObject({ model: 'story-model-1', stream: true });
    const messages = request!.body.messages as { role: string; content: string }[];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messages[1]!.content).toContain(PROMPT.content);
    expect(messages[1]!.content).toContain(PROMPT.title);
    expect(messages[1]!.content).toMatch(/fantasy/);
    expect(messages.map((message) => message.content).join(' ')).toMatch(/about 150 words/);
  });

  it('an HTTP error from the provider fails the story with a readable error', async ({ fake, untilEnded, generate, server }) => {
    fake.reply = () => ({ kind: 'error', status: 503, message: 'The model is overloaded' });
    const story = await untilEnded(await generate());
    expect(story.status).toBe('FAILED');
    expect(story.error).toBe('The story provider answered HTTP 503: The model is overloaded');
    expect(story.text).toBe('');
    expect(story.finishedAt).not.toBeNull();
    const events = await server.sql(`select type, payload from domain_event where aggregate_id = $1 order by id`, [story.id]);
    expect(events.map((event) => event.type)).toEqual(['StoryStarted', 'StoryFailed']);
    expect(events[1].payload).toMatchObject({ status: 'FAILED', error: story.error });
  });

  it('a stream that breaks off mid-way fails the story and keeps the partial text', async ({ fake, generate, server, alice, untilEnded }) => {
    fake.reply = () => ({ kind: 'stream', deltas: ['Once ', 'upon ', 'a ', 'time'], end: 'reset' });
    const id = await generate();
    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: id });
    const story = await untilEnded(id);
    expect(story).toMatchObject({ status: 'FAILED', text: 'Once upon a time', wordCount: 4 });
    expect(story.error).toBe('The story provider broke off its stream: connection lost');
    await stream.waitFor(() => stream.completed);
    const chunks = stream.received.map((result) => (result.data as any).storyStream);
    expect(chunks[chunks.length - 1].status).toBe('FAILED');
    expect(chunks.map((chunk) => chunk.delta).join('')).toBe('Once upon a time');
  });

  it.for([
    ['malformed data', 'malformed', /malformed/],
    ['an end without [DONE]', 'close', /ended its stream before it was finished/],
  ] as const)('%s fails the story with a readable error', async ([_name, end, error], { fake, untilEnded, generate }) => {
    fake.reply = () => ({ kind: 'stream', deltas: ['Half ', 'a ', 'tale'], end });
    const story = await untilEnded(await generate());
    expect(story).toMatchObject({ status: 'FAILED', text: 'Half a tale' });
    expect(story.error).toMatch(error);
  });

  it('a provider that goes quiet past STORY_TIMEOUT_MS fails the story, and the request is closed', async ({ fake, untilEnded, generate }) => {
    fake.reply = () => ({ kind: 'stream', deltas: ['It ', 'was ', 'quiet'], end: 'hang' });
    const before = fake.requests.length;
    const story = await untilEnded(await generate());
    expect(story).toMatchObject({ status: 'FAILED', text: 'It was quiet' });
    expect(story.error).toBe('The story provider timed out: nothing received for 300 ms');
    const [request] = fake.requests.slice(before);
    await request!.closed;
    expect(request!.closedByClient).toBe(true);
  });

  it('cancelStory aborts the request to the provider and keeps what was written', async ({ fake, generate, server, alice }) => {
    const deltas = Array.from({ length: 400 }, (_, i) => `word${i} `);
    fake.reply = () => ({ kind: 'stream', deltas, delayMs: 20 });
    const before = fake.requests.length;
    const id = await generate(500);
    const stream = collect(server.ws(alice.accessToken), STREAM, { storyId: id });
    await stream.waitFor(() => stream.received.map((result) => (result.data as any).storyStream.delta).join('').includes('word5 '));
    const [request] = await fake.waitForRequests(before + 1).then((all) => all.slice(before));

    const result = await server.graphql(CANCEL, { id }, alice.accessToken);
    expect(result.errors).toBeUndefined();
    const cancelled = result.data!.cancelStory;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.text.startsWith('word0 word1 word2 word3 word4 word5 ')).toBe(true);
    await request!.closed;
    expect(request!.closedByClient).toBe(true);
    expect(cancelled.text.length).toBeLessThan(deltas.join('').length);
    await stream.waitFor(() => stream.completed);
    const chunks = stream.received.map((r) => (r.data as any).storyStream);
    expect(chunks[chunks.length - 1].status).toBe('CANCELLED');
    expect(chunks.map((chunk) => chunk.delta).join('')).toBe(cancelled.text);
  });

  it('cannot reach the provider: FAILED with a readable error', async ({ server, alice, untilEnded }) => {
    // Port 2 is privileged, unused on loopback and not on fetch's blocked-port list: the connection
    // is refused at once. (A port freed by a probe could be taken by another test's server.)
    const other = await startTestServer({
      databaseUrl: server.databaseUrl,
      env: { STORY_PROVIDER: 'openai', STORY_API_URL: 'http://127.0.0.1:2', STORY_TIMEOUT_MS: '10000' },
    });
    try {
      const result = await other.graphql(GENERATE, { input: { promptId, maxWords: 100 } }, alice.accessToken);
      const story = await untilEnded(result.data!.generateStory.id);
      expect(story.status).toBe('FAILED');
      expect(story.error).toBe('Could not reach the story provider: connection refused');
    } finally {
      await other.close();
    }
  });
});
