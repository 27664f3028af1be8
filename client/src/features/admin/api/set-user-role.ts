import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const SetUserRoleMutation = graphql(`
  mutation SetUserRole($id: ID!, $input: SetUserRoleInput!) {
    setUserRole(id: $id, input: $input) {
      ...AdminUserFields
    }
  }
`);

export function useSetUserRole() {
  return useMutation(SetUserRoleMutation);
}
