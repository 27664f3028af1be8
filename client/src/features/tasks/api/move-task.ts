import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { placeTask } from './task-list-cache';

export const MoveTaskMutation = graphql(`
  mutation MoveTask($id: ID!, $input: MoveTaskInput!) {
    moveTask(id: $id, input: $input) {
      ...TaskFields
    }
  }
`);

export function useMoveTask() {
  return useMutation(MoveTaskMutation, {
    update: (cache, { data }) => {
      if (data) placeTask(cache, data.moveTask);
    },
  });
}
