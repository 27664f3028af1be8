import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placeTask } from './task-list-cache';

export const UpdateTaskMutation = graphql(`
  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {
    updateTask(id: $id, input: $input) {
      ...TaskFields
    }
  }
`);

/** Edits and completes a task; a filtered list (open / done) gains or loses it at once. */
export function useUpdateTask() {
  return useMutation(UpdateTaskMutation, {
    update: (cache, { data }) => {
      if (data) placeTask(cache, data.updateTask);
    },
  });
}
