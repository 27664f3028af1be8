import { useQuery } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const PromptsQuery = graphql(`
  query Prompts($first: Int, $after: String, $search: String) {
    prompts(first: $first, after: $after, search: $search) {
      totalCount
      edges {
        cursor
        node {
          ...PromptFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      streamCursor
    }
  }
`);

export function usePrompts(search: string | null) {
  return useQuery(PromptsQuery, {
    variables: { first: 50, search },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
  });
}
