import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      user {
        ...ViewerFields
      }
    }
  }
`);

export function useLogin() {
  return useMutation(LoginMutation);
}
