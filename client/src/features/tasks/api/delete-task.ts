import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import { removeFromCache } from '../../../lib/connection-cache';

export const DeleteTaskMutation = graphql(`
  mutation DeleteTask($id: ID!, $input: DeleteTaskInput) {
    deleteTask(id: $id, input: $input)
  }
`);

export function useDeleteTask() {
  return useMutation(DeleteTaskMutation, {
    update: (cache, { data }, { variables }) => {
      if (data?.deleteTask && variables) removeFromCache(cache, 'Task', variables.id, ['tasks']);
    },
  });
}
