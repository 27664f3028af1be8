import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const DeleteAccountMutation = graphql(`
  mutation DeleteAccount($input: DeleteAccountInput!) {
    deleteAccount(input: $input)
  }
`);

export function useDeleteAccount() {
  return useMutation(DeleteAccountMutation);
}
