import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      ...ViewerFields
    }
  }
`);

export function useUpdateProfile() {
  return useMutation(UpdateProfileMutation);
}
