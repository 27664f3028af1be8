import { graphql } from '../../gql/gql';

export const LogoutMutation = graphql(`
  mutation Logout($input: LogoutInput!) {
    logout(input: $input)
  }
`);
