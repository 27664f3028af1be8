import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export function useChangePassword() {
  return useMutation(ChangePasswordMutation);
}
