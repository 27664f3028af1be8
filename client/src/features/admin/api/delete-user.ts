import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const DeleteUserMutation = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);

export function useDeleteUser() {
  return useMutation(DeleteUserMutation);
}
