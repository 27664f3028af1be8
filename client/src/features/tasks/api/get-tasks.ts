import { useQuery } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { TaskFilter } from '../../../gql/graphql';

export const TasksQuery = graphql(`
  query Tasks($first: Int, $after: String, $filter: TaskFilter) {
    tasks(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          ...TaskFields
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

export const TASKS_PAGE_SIZE = 50;

export function useTasks(filter: TaskFilter) {
  return useQuery(TasksQuery, {
    variables: { first: TASKS_PAGE_SIZE, filter },
    // Events keep the shown list current; coming back to the page checks with the server once.
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
    notifyOnNetworkStatusChange: true,
  });
}
