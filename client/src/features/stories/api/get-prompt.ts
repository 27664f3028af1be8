import { useQuery } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const STORY_HISTORY_PAGE = 10;

export const PromptQuery = graphql(`
  query Prompt($id: ID!, $storiesFirst: Int, $storiesAfter: String) {
    prompt(id: $id) {
      ...PromptFields
      stories(first: $storiesFirst, after: $storiesAfter) {
        totalCount
        edges {
          cursor
          node {
            ...StoryFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        streamCursor
      }
    }
  }
`);

/** One prompt with its story history, newest first. */
export function usePrompt(id: string) {
  return useQuery(PromptQuery, {
    variables: { id, storiesFirst: STORY_HISTORY_PAGE },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
  });
}
