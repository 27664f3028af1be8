import type { ApolloClient } from '@apollo/client';
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
