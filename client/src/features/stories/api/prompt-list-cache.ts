import type { ApolloCache } from '@apollo/client';
import type { PromptFieldsFragment } from '../../../gql/graphql';
import { newestFirst, placeInConnections } from '../../../lib/connection-cache';

/** The server's search: title or content, anywhere, any case. */
export function promptMatches(prompt: Pick<PromptFieldsFragment, 'title' | 'content'>, args: Record<string, unknown>): boolean {
  const search = typeof args.search === 'string' ? args.search.trim().toLowerCase() : '';
  return !search || prompt.title.toLowerCase().includes(search) || prompt.content.toLowerCase().includes(search);
}

/** Lists a created or changed prompt (already in the cache) in every cached prompt list, newest first. */
export function placePrompt(cache: ApolloCache, prompt: PromptFieldsFragment): void {
  placeInConnections(cache, {
    fieldName: 'prompts',
    typename: 'Prompt',
    edgeTypename: 'PromptEdge',
    id: prompt.id,
    belongsIn: (args) => promptMatches(prompt, args),
    compare: newestFirst,
  });
}
