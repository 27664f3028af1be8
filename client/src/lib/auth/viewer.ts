import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql/gql';

/** What the app knows about the signed-in user; the same selection everywhere it is loaded. */
export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    username
    name
    email
    phone
    role
    avatarUrl
    bio
    version
    createdAt
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...ViewerFields
    }
  }
`);

export function useMe() {
  return useQuery(MeQuery);
}
