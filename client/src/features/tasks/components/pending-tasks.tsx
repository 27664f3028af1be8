import { Paper, Stack, Text } from '@mantine/core';
import { usePendingEntries } from '../../../lib/outbox/outbox-context';
import { PendingStatus } from '../../../lib/outbox/pending-status';

/** Tasks still in the outbox, on top of the list where new tasks land. */
export function PendingTasks() {
  const entries = usePendingEntries('task');
  if (!entries.length) return null;
  return (
    <Stack component="ol" gap="xs" p={0} m={0} aria-label="Tasks not added yet" data-testid="pending-tasks">
      {[...entries].reverse().map((entry) => (
        <Paper key={entry.id} component="li" withBorder p="sm" data-testid="pending-task" style={{ listStyle: 'none', borderStyle: 'dashed' }}>
          <Stack gap={6}>
            <Text fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="pending-task-title">
              {entry.input.title}
            </Text>
            <PendingStatus entry={entry} what="task" />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
