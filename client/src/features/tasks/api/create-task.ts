import type { ApolloClient } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../gql/gql';
import type { OutboxSenders } from '../../../lib/outbox/outbox';
import { placeTask } from './task-list-cache';

export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      ...TaskFields
    }
  }
`);

/** Creates a task directly (not through the outbox): undoing a deletion puts the task back at once or says why. */
export function useCreateTask() {
  return useMutation(CreateTaskMutation, {
    update: (cache, { data }) => {
      if (data) placeTask(cache, data.createTask);
    },
  });
}

/** How the outbox creates a task: the result lands in every cached task list it matches. */
export function taskSender(client: ApolloClient): OutboxSenders['task'] {
  return async (input, clientMutationId) => {
    const { data } = await client.mutate({
      mutation: CreateTaskMutation,
      variables: { input: { ...input, clientMutationId } },
      update: (cache, result) => {
        if (result.data) placeTask(cache, result.data.createTask);
      },
    });
    if (!data) throw new Error('createTask returned no task');
    return data.createTask;
  };
}
