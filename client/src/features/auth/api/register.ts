import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      user {
        ...ViewerFields
      }
    }
  }
`);

export function useRegister() {
  return useMutation(RegisterMutation);
}
