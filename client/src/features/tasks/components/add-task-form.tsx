import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { notifySuccess } from '../../../lib/notify';
import { useOutbox } from '../../../lib/outbox/outbox-context';

export function AddTaskForm() {
  const { submit } = useOutbox();
  const [title, setTitle] = useState('');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    // Through the outbox: the field is free at once, the task shows as pending until it is created.
    setTitle('');
    const outcome = await submit('task', { title });
    if (outcome.status === 'sent') notifySuccess('Task added.');
  };

  return (
    <form onSubmit={onSubmit} aria-label="Add a task">
      <Group align="flex-start" wrap="nowrap">
        <TextInput
          label="New task"
          placeholder="What needs doing?"
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          maxLength={200}
          style={{ flex: 1 }}
        />
        <Button type="submit" disabled={!title.trim()} mt={25}>
          Add task
        </Button>
      </Group>
    </form>
  );
}
