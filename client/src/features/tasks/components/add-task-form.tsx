import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { taskRules } from '../../../../../shared/rules';
import { FieldProblems } from '../../../../../shared/validation';
import { fieldErrors } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCreateTask } from '../api/create-task';

export function AddTaskForm() {
  const [createTask, { loading }] = useCreateTask();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    // The server's rule first: nothing it would refuse is sent.
    const problems = new FieldProblems();
    taskRules.title(problems, title);
    setError(problems.messages().title);
    if (problems.messages().title) {
      document.getElementById(inputId)?.focus();
      return;
    }
    try {
      await createTask({ variables: { input: { title } } });
      setTitle('');
      notifySuccess('Task added.');
    } catch (failure) {
      const refused = fieldErrors(failure).title;
      setError(refused);
      if (!refused) notifyError(failure, 'Could not add the task');
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Add a task">
      <Group align="flex-start" wrap="nowrap">
        <TextInput
          id={inputId}
          label="New task"
          placeholder="What needs doing?"
          value={title}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          style={{ flex: 1 }}
        />
        <Button type="submit" loading={loading} disabled={!title.trim()} mt={25}>
          Add task
        </Button>
      </Group>
    </form>
  );
}
