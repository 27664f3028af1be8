import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { TaskFieldsFragment } from '../../../gql/graphql';
import { taskRules } from '../../../../../shared/rules';
import { FieldProblems } from '../../../../../shared/validation';
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
    // The server's rules first: nothing it would refuse is sent.
    const problems = new FieldProblems();
    taskRules.title(problems, title);
    taskRules.notes(problems, notes);
    const found = problems.messages();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
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
      const refused = fieldErrors(error);
      setErrors(refused);
      if (!Object.keys(refused).length) notifyError(error, 'Could not save the task');
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label={`Edit “${task.title}”`} style={{ flex: 1 }}>
      <Stack gap="xs">
        <TextInput label="Title" name="title" value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={errors.title} required data-autofocus />
        <Textarea label="Notes" name="notes" value={notes} onChange={(event) => setNotes(event.currentTarget.value)} error={errors.notes} autosize minRows={2} maxRows={8} />
        <TextInput label="Due date" name="dueAt" type="date" value={dueAt} onChange={(event) => setDueAt(event.currentTarget.value)} error={errors.dueAt} w={200} />
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
