import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../helpers/fixtures.js';

const POST_TWEET = `mutation ($input: PostTweetInput!) { postTweet(input: $input) { id body } }`;
const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id title } }`;
const CREATE_PROMPT = `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { id title } }`;
const GENERATE_STORY = `mutation ($input: GenerateStoryInput!) { generateStory(input: $input) { id } }`;
const DELETE_TASK = `mutation ($id: ID!) { deleteTask(id: $id) }`;

const it = test
  .extend('eventsOf', { scope: 'file' }, ({ server }) => async function eventsOf(aggregateId: string) {
    return server.sql('select type from domain_event where aggregate_id = $1', [aggregateId]);
  })
  .extend('count', { scope: 'file' }, ({ server }) => async function count(table: string, column: string, userId: string): Promise<number> {
    const [row] = await server.sql(`select count(*)::int as count from ${table} where ${column} = $1`, [userId]);
    return row.count;
  });

describe('clientMutationId', () => {
  it.for([
    ['postTweet', POST_TWEET, { body: 'Once only' }, 'tweet', 'author_id'],
    ['createTask', CREATE_TASK, { title: 'Once only' }, 'task', 'owner_id'],
    ['createPrompt', CREATE_PROMPT, { title: 'Once only', content: 'A keeper named Ada.' }, 'prompt', 'owner_id'],
  ] as const)('%s twice with the same id returns the first object and records one event', async ([field, document, input, table, column], { count, alice, server, eventsOf }) => {
    const before = await count(table, column, alice.id);
    const clientMutationId = randomUUID();
    const first = await server.graphql(document, { input: { ...input, clientMutationId } }, alice.accessToken);
    const second = await server.graphql(document, { input: { ...input, clientMutationId } }, alice.accessToken);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data![field].id).toBe(first.data![field].id);
    expect(await count(table, column, alice.id)).toBe(before + 1);
    expect(await eventsOf(first.data![field].id)).toHaveLength(1);
  });

  it('generateStory twice with the same id returns the first story and writes one', async ({ server, alice }) => {
    const prompt = await server.graphql(CREATE_PROMPT, { input: { title: 'Stories', content: 'A lighthouse keeper.' } }, alice.accessToken);
    const promptId = prompt.data!.createPrompt.id;
    const clientMutationId = randomUUID();
    const first = await server.graphql(GENERATE_STORY, { input: { promptId, maxWords: 50, clientMutationId } }, alice.accessToken);
    const second = await server.graphql(GENERATE_STORY, { input: { promptId, maxWords: 50, clientMutationId } }, alice.accessToken);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data!.generateStory.id).toBe(first.data!.generateStory.id);
    const stories = await server.sql('select id from story where prompt_id = $1', [promptId]);
    expect(stories).toHaveLength(1);
  });

  it('ten concurrent calls with the same id create exactly one object', async ({ count, alice, server, eventsOf }) => {
    const before = await count('tweet', 'author_id', alice.id);
    const clientMutationId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => server.graphql(POST_TWEET, { input: { body: 'Raced', clientMutationId } }, alice.accessToken)),
    );
    for (const result of results) expect(result.errors).toBeUndefined();
    const ids = new Set(results.map((result) => result.data!.postTweet.id));
    expect(ids.size).toBe(1);
    expect(await count('tweet', 'author_id', alice.id)).toBe(before + 1);
    expect(await eventsOf([...ids][0]!)).toHaveLength(1);
  });

  it("another user's same id is their own", async ({ server, alice, bob }) => {
    const clientMutationId = randomUUID();
    const mine = await server.graphql(CREATE_TASK, { input: { title: 'Alice', clientMutationId } }, alice.accessToken);
    const theirs = await server.graphql(CREATE_TASK, { input: { title: 'Bob', clientMutationId } }, bob.accessToken);
    expect(mine.data!.createTask.title).toBe('Alice');
    expect(theirs.data!.createTask.title).toBe('Bob');
    expect(theirs.data!.createTask.id).not.toBe(mine.data!.createTask.id);
  });

  it.for([
    ['longer than 64 characters', 'x'.repeat(65)],
    ['empty', ''],
    ['holding a control character', 'abc\u0001def'],
  ] as const)('is BAD_USER_INPUT when %s, and nothing is written', async ([_, clientMutationId], { server, alice }) => {
    const [before] = await server.sql('select (select count(*) from tweet)::int as tweets, (select count(*) from client_mutation)::int as claims');
    const result = await server.graphql(POST_TWEET, { input: { body: 'Never stored', clientMutationId } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty('clientMutationId');
    const [after] = await server.sql('select (select count(*) from tweet)::int as tweets, (select count(*) from client_mutation)::int as claims');
    expect(after).toEqual(before);
  });

  it('accepts exactly 64 characters', async ({ server, alice }) => {
    const result = await server.graphql(POST_TWEET, { input: { body: 'Long id', clientMutationId: 'é'.repeat(64) } }, alice.accessToken);
    expect(result.errors).toBeUndefined();
  });

  it('refuses an id already used for another kind of object', async ({ server, alice }) => {
    const clientMutationId = randomUUID();
    await server.graphql(POST_TWEET, { input: { body: 'A tweet', clientMutationId } }, alice.accessToken);
    const result = await server.graphql(CREATE_TASK, { input: { title: 'A task', clientMutationId } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields?.clientMutationId).toMatch(/Tweet/);
  });

  it('a retry after the object was deleted is NOT_FOUND and does not bring it back', async ({ count, alice, server }) => {
    const before = await count('task', 'owner_id', alice.id);
    const clientMutationId = randomUUID();
    const first = await server.graphql(CREATE_TASK, { input: { title: 'Short-lived', clientMutationId } }, alice.accessToken);
    await server.graphql(DELETE_TASK, { id: first.data!.createTask.id }, alice.accessToken);
    const retry = await server.graphql(CREATE_TASK, { input: { title: 'Short-lived', clientMutationId } }, alice.accessToken);
    expect(retry.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await count('task', 'owner_id', alice.id)).toBe(before);
  });

  it('a call that failed leaves its id free for the retry', async ({ server, alice }) => {
    const clientMutationId = randomUUID();
    const missing = await server.graphql(GENERATE_STORY, { input: { promptId: randomUUID(), clientMutationId } }, alice.accessToken);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [claim] = await server.sql('select count(*)::int as count from client_mutation where client_mutation_id = $1', [clientMutationId]);
    expect(claim.count).toBe(0);
  });
});
