import { Paper, Stack, Text } from '@mantine/core';
import { usePendingEntries } from '../../../lib/outbox/outbox-context';
import { PendingStatus } from '../../../lib/outbox/pending-status';

/** Prompts still in the outbox, above the list (newest first, as the list is). */
export function PendingPrompts() {
  const entries = usePendingEntries('prompt');
  if (!entries.length) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Prompts not created yet" data-testid="pending-prompts">
      {[...entries].reverse().map((entry) => (
        <Paper key={entry.id} withBorder p="xs" data-testid="pending-prompt" style={{ borderStyle: 'dashed' }}>
          <Stack gap={4}>
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {entry.input.title}
            </Text>
            <PendingStatus entry={entry} what="prompt" />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
