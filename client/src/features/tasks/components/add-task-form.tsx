import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { taskRules } from '../../../../../shared/rules';
import { FieldProblems } from '../../../../../shared/validation';
import { notifySuccess } from '../../../lib/notify';
import { useOutbox } from '../../../lib/outbox/outbox-context';
import { dueAtOf, parseTrailingDate } from '../quick-add-date';
import { formatDueDay } from '../task-view';

export function AddTaskForm() {
  const { submit } = useOutbox();
  const [title, setTitle] = useState('');
  // "Keep the words": the title goes as typed even though it ends like a date.
  const [literal, setLiteral] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const inputId = useId();
  const understoodId = useId();
  const now = new Date();
  const understood = parseTrailingDate(title, now);
  const due = understood && !literal ? understood : null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    const input = { title: due ? due.title : title, dueAt: due ? dueAtOf(due.date) : null };
    // The server's rule first: nothing it would refuse is sent.
    const problems = new FieldProblems();
    taskRules.title(problems, input.title);
    setError(problems.messages().title);
    if (problems.messages().title) {
      document.getElementById(inputId)?.focus();
      return;
    }
    // Through the outbox: the field is free at once, the task shows as pending until it is created
    // (a refusal shows there, with Retry and Discard).
    setTitle('');
    setLiteral(false);
    const outcome = await submit('task', input);
    if (outcome.status === 'sent') notifySuccess('Task added.');
  };

  return (
    <form onSubmit={onSubmit} aria-label="Add a task">
      <Stack gap={4}>
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            id={inputId}
            label="New task"
            placeholder="What needs doing? End with a day: “report fri”"
            value={title}
            onChange={(event) => {
              setTitle(event.currentTarget.value);
              setError(undefined);
              if (!event.currentTarget.value.trim()) setLiteral(false);
            }}
            error={error}
            // Mantine's describedby names the error only: add what quick add understood.
            aria-describedby={[error ? `${inputId}-error` : '', understood ? understoodId : ''].join(' ').trim() || undefined}
            style={{ flex: 1 }}
          />
          <Button type="submit" disabled={!title.trim()} mt={25}>
            Add task
          </Button>
        </Group>
        {understood && (
          <Group gap="xs" wrap="wrap">
            <Text id={understoodId} size="sm" c="dimmed" data-testid="quick-add-understood" aria-live="polite">
              {due ? `Due ${formatDueDay(dueAtOf(due.date), now)}: “${due.title}”` : `Added as typed, with no due date`}
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => setLiteral(!literal)}>
              {literal ? 'Use the date' : `Keep “${understood.words}” as text`}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
