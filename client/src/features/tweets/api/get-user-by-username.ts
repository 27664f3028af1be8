import { useQuery } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const UserByUsernameQuery = graphql(`
  query UserByUsername($username: String!) {
    userByUsername(username: $username) {
      id
      username
      name
      bio
      avatarUrl
      createdAt
      version
    }
  }
`);

export function useUserByUsername(username: string) {
  return useQuery(UserByUsernameQuery, { variables: { username } });
}
