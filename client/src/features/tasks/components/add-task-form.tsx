import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCreateTask } from '../api/create-task';

export function AddTaskForm() {
  const [createTask, { loading }] = useCreateTask();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | undefined>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    setError(undefined);
    try {
      await createTask({ variables: { input: { title } } });
      setTitle('');
      notifySuccess('Task added.');
    } catch (failure) {
      setError(fieldErrors(failure).title);
      notifyError(failure, 'Could not add the task');
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Add a task">
      <Group align="flex-start" wrap="nowrap">
        <TextInput
          label="New task"
          placeholder="What needs doing?"
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={error}
          maxLength={200}
          style={{ flex: 1 }}
        />
        <Button type="submit" loading={loading} disabled={!title.trim()} mt={25}>
          Add task
        </Button>
      </Group>
    </form>
  );
}
