import { describe, expect, it } from 'vitest';
import { UsersQuery } from '../../client/src/features/admin/api/get-users';
import { applyAdminUserEvent } from '../../client/src/features/admin/api/user-events';
import { PromptsQuery } from '../../client/src/features/stories/api/get-prompts';
import { applyPromptEvent } from '../../client/src/features/stories/api/prompt-events';
import type { AdminUserEventsSubscription, PromptEventsSubscription, PromptFieldsFragment, UsersQuery as UsersData } from '../../client/src/gql/graphql';
import { createCache } from '../../client/src/lib/apollo-client';

// Tasks and tweets go through `applyChangeEvent` in live-cache.test.ts; these are the other two lists.

type Cache = ReturnType<typeof createCache>;
type Kind = 'CREATED' | 'UPDATED' | 'DELETED';

function prompt(id: string, fields: Partial<PromptFieldsFragment> = {}): PromptFieldsFragment {
  return {
    __typename: 'Prompt',
    id,
    title: `Prompt ${id}`,
    content: 'Once upon a time',
    genre: null,
    tone: null,
    createdAt: `2026-01-01T00:00:${id.padStart(2, '0')}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...fields,
  };
}

const ALL_PROMPTS = { first: 50, search: null };
const DRAGON_PROMPTS = { first: 50, search: 'dragon' };

function seedPrompts(cache: Cache, variables: { first: number; search: string | null }, prompts: PromptFieldsFragment[]) {
  cache.writeQuery({
    query: PromptsQuery,
    variables,
    data: {
      prompts: {
        __typename: 'PromptConnection',
        totalCount: prompts.length,
        streamCursor: 'sc',
        edges: prompts.map((node) => ({ __typename: 'PromptEdge' as const, cursor: `c${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  });
}

function prompts(cache: Cache, variables: { first: number; search: string | null }) {
  const data = cache.readQuery({ query: PromptsQuery, variables });
  return { titles: data?.prompts.edges.map((edge) => edge.node.title), total: data?.prompts.totalCount };
}

function promptEvent(kind: Kind, value: PromptFieldsFragment): PromptEventsSubscription['promptEvents'] {
  return { __typename: 'PromptEvent', cursor: 'e', kind, id: value.id, version: value.version, prompt: kind === 'DELETED' ? null : value };
}

describe('prompt events in the Apollo cache', () => {
  it('lists a created prompt newest first, only in the lists whose search it matches', () => {
    const cache = createCache();
    seedPrompts(cache, ALL_PROMPTS, [prompt('1')]);
    seedPrompts(cache, DRAGON_PROMPTS, []);
    applyPromptEvent(cache, promptEvent('CREATED', prompt('2', { title: 'The dragon' })));
    applyPromptEvent(cache, promptEvent('CREATED', prompt('3')));
    expect(prompts(cache, ALL_PROMPTS)).toEqual({ titles: ['Prompt 3', 'The dragon', 'Prompt 1'], total: 3 });
    expect(prompts(cache, DRAGON_PROMPTS)).toEqual({ titles: ['The dragon'], total: 1 });
  });

  it('ignores an update whose version is not newer than the cached one', () => {
    const cache = createCache();
    seedPrompts(cache, ALL_PROMPTS, [prompt('1', { title: 'fresh', version: 3 })]);
    applyPromptEvent(cache, promptEvent('UPDATED', prompt('1', { title: 'stale', version: 2 })));
    applyPromptEvent(cache, promptEvent('UPDATED', prompt('1', { title: 'same version', version: 3 })));
    expect(prompts(cache, ALL_PROMPTS).titles).toEqual(['fresh']);
    applyPromptEvent(cache, promptEvent('UPDATED', prompt('1', { title: 'newer', version: 4 })));
    expect(prompts(cache, ALL_PROMPTS).titles).toEqual(['newer']);
  });

  it('drops a deleted prompt from every list and from the cache', () => {
    const cache = createCache();
    const dragon = prompt('2', { title: 'The dragon' });
    seedPrompts(cache, ALL_PROMPTS, [dragon, prompt('1')]);
    seedPrompts(cache, DRAGON_PROMPTS, [dragon]);
    applyPromptEvent(cache, promptEvent('DELETED', prompt('2', { version: 2 })));
    expect(prompts(cache, ALL_PROMPTS)).toEqual({ titles: ['Prompt 1'], total: 1 });
    expect(prompts(cache, DRAGON_PROMPTS)).toEqual({ titles: [], total: 0 });
    expect(cache.extract()['Prompt:2']).toBeUndefined();
  });
});

type AdminUser = UsersData['users']['edges'][number]['node'];

function user(id: string, fields: Partial<AdminUser> = {}): AdminUser {
  return { __typename: 'User', id, username: `user${id}`, name: `User ${id}`, email: null, role: 'USER', avatarUrl: null, createdAt: '2026-01-01T00:00:00.000Z', version: 1, ...fields };
}

function seedUsers(cache: Cache, search: string | null, users: AdminUser[]) {
  cache.writeQuery({
    query: UsersQuery,
    variables: { first: 25, search },
    data: {
      users: {
        __typename: 'UserConnection',
        totalCount: users.length,
        streamCursor: 'sc',
        edges: users.map((node) => ({ __typename: 'UserEdge' as const, cursor: `c${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
      },
    },
  });
}

const names = (cache: Cache, search: string | null) => cache.readQuery({ query: UsersQuery, variables: { first: 25, search } })?.users.edges.map((edge) => edge.node.name);

function userEvent(kind: Kind, value: AdminUser): AdminUserEventsSubscription['userEvents'] {
  return { __typename: 'UserEvent', cursor: 'e', kind, id: value.id, version: value.version, user: kind === 'DELETED' ? null : value };
}

describe('user events in the admin lists', () => {
  it('asks for a reload on a new account instead of guessing its place', () => {
    const cache = createCache();
    seedUsers(cache, null, [user('1')]);
    expect(applyAdminUserEvent(cache, userEvent('CREATED', user('2')))).toBe(true);
    expect(names(cache, null)).toEqual(['User 1']);
  });

  it('rewrites a changed account from newer versions only, and drops a deleted one from every list', () => {
    const cache = createCache();
    seedUsers(cache, null, [user('1', { version: 2 }), user('2')]);
    seedUsers(cache, 'user1', [user('1', { version: 2 })]);
    expect(applyAdminUserEvent(cache, userEvent('UPDATED', user('1', { name: 'Stale', version: 2 })))).toBe(false);
    applyAdminUserEvent(cache, userEvent('UPDATED', user('1', { name: 'Renamed', version: 3 })));
    expect(names(cache, 'user1')).toEqual(['Renamed']);
    applyAdminUserEvent(cache, userEvent('DELETED', user('1', { version: 4 })));
    expect(names(cache, null)).toEqual(['User 2']);
    expect(names(cache, 'user1')).toEqual([]);
  });
});
