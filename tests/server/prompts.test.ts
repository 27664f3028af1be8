import { describe, expect } from 'vitest';
import { collect, registerUser, type TestUser, untilLive } from '../helpers/chorus.js';
import { test } from '../helpers/fixtures.js';

const PROMPT_FIELDS = 'id title content genre tone version createdAt updatedAt';
const CREATE = `mutation ($input: CreatePromptInput!) { createPrompt(input: $input) { ${PROMPT_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdatePromptInput!) { updatePrompt(id: $id, input: $input) { ${PROMPT_FIELDS} } }`;
const DELETE = `mutation ($id: ID!, $input: DeletePromptInput) { deletePrompt(id: $id, input: $input) }`;
const GET = `query ($id: ID!) { prompt(id: $id) { ${PROMPT_FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $search: String) {
  prompts(first: $first, after: $after, search: $search) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } totalCount }
}`;

const it = test
  .extend('createPrompt', { scope: 'file' }, ({ server }) => async function createPrompt(user: TestUser, input: Record<string, unknown> = {}) {
    const result = await server.graphql(CREATE, { input: { title: 'A title', content: 'Some content about Mara.', ...input } }, user.accessToken);
    expect(result.errors).toBeUndefined();
    return result.data!.createPrompt;
  })
  .extend('storedPrompt', { scope: 'file' }, ({ server }) => async function storedPrompt(id: string) {
    const [row] = await server.sql('select title, content, genre, tone, version from prompt where id = $1', [id]);
    return row;
  });

describe('createPrompt', () => {
  it('stores a trimmed prompt and records PromptCreated for its owner only', async ({ createPrompt, alice, server }) => {
    const prompt = await createPrompt(alice, { title: '  The Whale  ', content: ' A keeper named Ada. ', genre: ' fantasy ', tone: '' });
    expect(prompt).toMatchObject({ title: 'The Whale', content: 'A keeper named Ada.', genre: 'fantasy', tone: null, version: 1 });
    const events = await server.sql('select type, kind, audience, owner_id, payload from domain_event where aggregate_id = $1', [prompt.id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'PromptCreated', kind: 'CREATED', audience: [`user:${alice.id}`], owner_id: alice.id });
    expect(events[0].payload).toMatchObject({ id: prompt.id, title: 'The Whale', version: 1 });
  });

  it('accepts the limits exactly, counting an emoji as one character', async ({ createPrompt, alice }) => {
    const prompt = await createPrompt(alice, { title: '🐋'.repeat(120), content: 'é'.repeat(4000), genre: 'g'.repeat(40), tone: 't'.repeat(40) });
    expect([...prompt.title]).toHaveLength(120);
  });

  it.for([
    ['title', { title: '' }],
    ['title', { title: '    ' }],
    ['title', { title: 'x'.repeat(121) }],
    ['content', { content: '' }],
    ['content', { content: 'c'.repeat(4001) }],
    ['genre', { genre: 'g'.repeat(41) }],
    ['tone', { tone: 't'.repeat(41) }],
  ] as const)('rejects a bad %s with BAD_USER_INPUT and stores nothing', async ([field, override], { server, alice }) => {
    const [before] = await server.sql('select count(*)::int as count from prompt');
    const result = await server.graphql(CREATE, { input: { title: 'Fine', content: 'Fine', ...override } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty(field);
    const [after] = await server.sql('select count(*)::int as count from prompt');
    expect(after.count).toBe(before.count);
  });

  it('needs a signed-in user', async ({ server }) => {
    const result = await server.graphql(CREATE, { input: { title: 'x', content: 'y' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('updatePrompt', () => {
  it('changes the given fields, bumps the version and records PromptUpdated', async ({ createPrompt, alice, server }) => {
    const prompt = await createPrompt(alice, { genre: 'fantasy', tone: 'dark' });
    const result = await server.graphql(UPDATE, { id: prompt.id, input: { title: ' New title ', genre: null, expectedVersion: 1 } }, alice.accessToken);
    expect(result.errors).toBeUndefined();
    expect(result.data!.updatePrompt).toMatchObject({ title: 'New title', content: prompt.content, genre: null, tone: 'dark', version: 2 });
    const events = await server.sql('select type, aggregate_version from domain_event where aggregate_id = $1 order by id', [prompt.id]);
    expect(events).toEqual([
      { type: 'PromptCreated', aggregate_version: 1 },
      { type: 'PromptUpdated', aggregate_version: 2 },
    ]);
  });

  it('an update that changes nothing keeps the version and records nothing', async ({ createPrompt, alice, server }) => {
    const prompt = await createPrompt(alice);
    const result = await server.graphql(UPDATE, { id: prompt.id, input: { title: prompt.title } }, alice.accessToken);
    expect(result.data!.updatePrompt.version).toBe(1);
    const events = await server.sql('select type from domain_event where aggregate_id = $1', [prompt.id]);
    expect(events).toHaveLength(1);
  });

  it('a stale expectedVersion is CONFLICT and changes nothing', async ({ createPrompt, alice, server, storedPrompt }) => {
    const prompt = await createPrompt(alice);
    await server.graphql(UPDATE, { id: prompt.id, input: { content: 'Second draft', expectedVersion: 1 } }, alice.accessToken);
    const stale = await server.graphql(UPDATE, { id: prompt.id, input: { title: 'Lost edit', expectedVersion: 1 } }, alice.accessToken);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await storedPrompt(prompt.id)).toMatchObject({ title: prompt.title, content: 'Second draft', version: 2 });
  });

  it('bad input is BAD_USER_INPUT and changes nothing', async ({ createPrompt, alice, server, storedPrompt }) => {
    const prompt = await createPrompt(alice);
    const result = await server.graphql(UPDATE, { id: prompt.id, input: { title: 'ok', content: '   ' } }, alice.accessToken);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toHaveProperty('content');
    expect(await storedPrompt(prompt.id)).toMatchObject({ title: prompt.title, content: prompt.content, version: 1 });
  });
});

describe('deletePrompt', () => {
  it('a stale expectedVersion is CONFLICT; then it deletes and records PromptDeleted', async ({ createPrompt, alice, server, storedPrompt }) => {
    const prompt = await createPrompt(alice);
    await server.graphql(UPDATE, { id: prompt.id, input: { title: 'v2' } }, alice.accessToken);
    const stale = await server.graphql(DELETE, { id: prompt.id, input: { expectedVersion: 1 } }, alice.accessToken);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await storedPrompt(prompt.id)).toBeDefined();
    const ok = await server.graphql(DELETE, { id: prompt.id, input: { expectedVersion: 2 } }, alice.accessToken);
    expect(ok.data!.deletePrompt).toBe(true);
    expect(await storedPrompt(prompt.id)).toBeUndefined();
    const [event] = await server.sql(`select kind, aggregate_version from domain_event where aggregate_id = $1 and type = 'PromptDeleted'`, [prompt.id]);
    expect(event).toEqual({ kind: 'DELETED', aggregate_version: 3 });
    const again = await server.graphql(DELETE, { id: prompt.id }, alice.accessToken);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('privacy', () => {
  it("another user's prompt is NOT_FOUND everywhere and changes nothing; so is a malformed id", async ({ createPrompt, alice, server, bob, storedPrompt }) => {
    const prompt = await createPrompt(alice);
    for (const id of [prompt.id, 'not-an-id', '00000000-0000-4000-8000-000000000000']) {
      const get = await server.graphql(GET, { id }, bob.accessToken);
      expect(get.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const update = await server.graphql(UPDATE, { id, input: { title: 'mine now' } }, bob.accessToken);
      expect(update.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const remove = await server.graphql(DELETE, { id }, bob.accessToken);
      expect(remove.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await storedPrompt(prompt.id)).toMatchObject({ title: prompt.title, version: 1 });
    const list = await server.graphql(LIST, {}, bob.accessToken);
    expect(list.data!.prompts.edges.map((edge: any) => edge.node.id)).not.toContain(prompt.id);
  });
});

describe('prompts', () => {
  it('lists your own prompts newest first, in pages, with a search over title and content', async ({ server, createPrompt }) => {
    const carol = await registerUser(server);
    const made = [];
    for (const [title, content] of [
      ['Harbour lights', 'A keeper and a whale.'],
      ['Red planet', 'Miners on Mars find a door.'],
      ['100% true', 'A story with a percent sign.'],
      ['Whale song', 'Sailors hear singing.'],
    ]) made.push(await createPrompt(carol, { title, content }));

    const first = await server.graphql(LIST, { first: 3 }, carol.accessToken);
    expect(first.data!.prompts.totalCount).toBe(4);
    expect(first.data!.prompts.edges.map((edge: any) => edge.node.title)).toEqual(['Whale song', '100% true', 'Red planet']);
    expect(first.data!.prompts.pageInfo.hasNextPage).toBe(true);
    const rest = await server.graphql(LIST, { first: 3, after: first.data!.prompts.pageInfo.endCursor }, carol.accessToken);
    expect(rest.data!.prompts.edges.map((edge: any) => edge.node.title)).toEqual(['Harbour lights']);
    expect(rest.data!.prompts.pageInfo.hasNextPage).toBe(false);

    const whales = await server.graphql(LIST, { search: 'WHALE' }, carol.accessToken);
    expect(whales.data!.prompts.edges.map((edge: any) => edge.node.title)).toEqual(['Whale song', 'Harbour lights']);
    const percent = await server.graphql(LIST, { search: '%' }, carol.accessToken);
    expect(percent.data!.prompts.edges.map((edge: any) => edge.node.title)).toEqual(['100% true']);

    const tooMany = await server.graphql(LIST, { first: 101 }, carol.accessToken);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('promptEvents', () => {
  it('tells the owner of each change, in order, and nobody else', async ({ server, bob, createPrompt }) => {
    const dave = await registerUser(server);
    const PROMPT_EVENTS = `subscription ($after: String) { promptEvents(after: $after) { cursor kind type id version prompt { id title } } }`;
    const own = collect(server.ws(dave.accessToken), PROMPT_EVENTS);
    const other = collect(server.ws(bob.accessToken), PROMPT_EVENTS);
    // Without `after` a stream starts when it is live: wait for that before changing anything.
    await untilLive(own, (attempt) => createPrompt(dave, { title: `warm-up ${attempt}` }));
    await untilLive(other, (attempt) => createPrompt(bob, { title: `warm-up ${attempt}` }));
    const bobsBefore = other.received.length;

    const prompt = await createPrompt(dave, { title: 'First' });
    await server.graphql(UPDATE, { id: prompt.id, input: { title: 'Second' } }, dave.accessToken);
    await server.graphql(DELETE, { id: prompt.id }, dave.accessToken);
    await own.waitFor(() => own.received.filter((event) => event.data?.promptEvents.id === prompt.id).length === 3);
    const mine = own.received.map((event) => event.data!.promptEvents).filter((event) => event.id === prompt.id);
    expect(mine.map((event) => [event.type, event.kind, event.version, event.prompt?.title ?? null])).toEqual([
      ['PromptCreated', 'CREATED', 1, 'First'],
      ['PromptUpdated', 'UPDATED', 2, 'Second'],
      ['PromptDeleted', 'DELETED', 3, null],
    ]);

    // Resuming from the first cursor replays the rest, without the first.
    const resumed = collect(server.ws(dave.accessToken), PROMPT_EVENTS, { after: mine[0].cursor });
    await resumed.next(2);
    expect(resumed.received.slice(0, 2).map((event) => event.data!.promptEvents.type)).toEqual(['PromptUpdated', 'PromptDeleted']);

    // Bob's own change arrives at Bob's subscription; Dave's never did.
    const bobs = await createPrompt(bob, { title: 'Bob was here' });
    await other.waitFor(() => other.received.some((event) => event.data?.promptEvents.id === bobs.id));
    expect(other.received.slice(bobsBefore).map((event) => event.data!.promptEvents.id)).toEqual([bobs.id]);
    expect(other.received.every((event) => event.data!.promptEvents.prompt === null || event.data!.promptEvents.prompt.title.match(/^warm-up|^Bob/))).toBe(true);
  });
});
