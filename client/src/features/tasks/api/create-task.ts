import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placeTask } from './task-list-cache';

export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      ...TaskFields
    }
  }
`);

export function useCreateTask() {
  return useMutation(CreateTaskMutation, {
    update: (cache, { data }) => {
      if (data) placeTask(cache, data.createTask);
    },
  });
}
