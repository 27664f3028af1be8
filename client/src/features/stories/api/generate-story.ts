import type { Reference } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { cacheIdOf } from '../../../lib/connection-cache';

export const GenerateStoryMutation = graphql(`
  mutation GenerateStory($input: GenerateStoryInput!) {
    generateStory(input: $input) {
      ...StoryFields
    }
  }
`);

interface StoredStories {
  edges?: readonly { node?: Reference }[];
  totalCount?: number;
}

/** Starts a story; it heads the prompt's history at once (GENERATING), then streams in. */
export function useGenerateStory() {
  return useMutation(GenerateStoryMutation, {
    update: (cache, { data }, { variables }) => {
      if (!data || !variables) return;
      const story = cache.identify({ __typename: 'Story', id: data.generateStory.id });
      cache.modify<{ stories: StoredStories }>({
        id: cacheIdOf(cache, 'Prompt', variables.input.promptId),
        fields: {
          stories: (existing, { readField, toReference }) => {
            const node = story ? toReference(story) : undefined;
            if (!existing || !node || !('edges' in existing) || !existing.edges) return existing;
            if (existing.edges.some((edge) => edge.node && readField('id', edge.node) === data.generateStory.id)) return existing;
            return {
              ...existing,
              edges: [{ __typename: 'StoryEdge', cursor: '', node }, ...existing.edges],
              ...(typeof existing.totalCount === 'number' ? { totalCount: existing.totalCount + 1 } : {}),
            };
          },
        },
      });
    },
  });
}
