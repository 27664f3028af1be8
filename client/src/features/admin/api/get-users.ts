import { useQuery } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const AdminUserFields = graphql(`
  fragment AdminUserFields on User {
    id
    username
    name
    email
    role
    avatarUrl
    createdAt
    version
  }
`);

export const UsersQuery = graphql(`
  query Users($first: Int, $after: String, $search: String) {
    users(first: $first, after: $after, search: $search) {
      totalCount
      edges {
        cursor
        node {
          ...AdminUserFields
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

export const USERS_PAGE_SIZE = 25;

export function useUsers(search: string) {
  return useQuery(UsersQuery, {
    variables: { first: USERS_PAGE_SIZE, search: search || null },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
}
