import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { TaskFieldsFragment } from '../../../gql/graphql';
import { fieldErrors } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useUpdateTask } from '../api/update-task';

/** `2026-11-28T00:00:00.000Z` ⇄ the `yyyy-mm-dd` of a date input. */
function toDateInput(value: string | null): string {
  return value ? value.slice(0, 10) : '';
}

export function TaskEditor(props: { task: TaskFieldsFragment; onDone: () => void }) {
  const { task } = props;
  const [updateTask, { loading }] = useUpdateTask();
  const [title, setTitle] = useState(task.title);
  const [notes, setNotes] = useState(task.notes);
  const [dueAt, setDueAt] = useState(toDateInput(task.dueAt));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await updateTask({
        variables: {
          id: task.id,
          input: { title, notes, dueAt: dueAt ? new Date(`${dueAt}T00:00:00Z`).toISOString() : null, expectedVersion: task.version },
        },
      });
      notifySuccess('Task saved.');
      props.onDone();
    } catch (error) {
      setErrors(fieldErrors(error));
      notifyError(error, 'Could not save the task');
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label={`Edit “${task.title}”`} style={{ flex: 1 }}>
      <Stack gap="xs">
        <TextInput label="Title" value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={errors.title} required data-autofocus />
        <Textarea label="Notes" value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={errors.notes} autosize minRows={2} maxRows={8} />
        <TextInput label="Due date" type="date" value={dueAt} onChange={(event) => setDueAt(event.currentTarget.value)} error={errors.dueAt} w={200} />
        <Group gap="xs">
          <Button type="submit" size="xs" loading={loading}>
            Save
          </Button>
          <Button size="xs" variant="default" onClick={props.onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
