import { Badge, Button, Group, Text } from '@mantine/core';
import type { OutboxEntry } from './outbox';
import { useOutbox } from './outbox-context';

/**
 * What a pending item says about itself: waiting or sending, or — when the server refused it —
 * why, with Retry and Discard.
 */
export function PendingStatus(props: { entry: OutboxEntry; what: string }) {
  const { entry } = props;
  const { retry, discard } = useOutbox();
  if (entry.refusal) {
    return (
      <Group gap="xs" wrap="wrap" role="alert" data-testid="pending-refused">
        <Badge color="red" variant="light">
          Not sent
        </Badge>
        <Text size="sm" c="red.8" style={{ flex: '1 1 12rem' }} data-testid="pending-reason">
          {Object.values(entry.refusal.fields)[0] ?? entry.refusal.message}
        </Text>
        <Button size="compact-sm" variant="light" onClick={() => retry(entry.id)}>
          Retry
        </Button>
        <Button size="compact-sm" variant="subtle" color="red" onClick={() => discard(entry.id)} aria-label={`Discard this ${props.what}`}>
          Discard
        </Button>
      </Group>
    );
  }
  return (
    <Badge color="gray" variant="outline" data-testid="pending-badge" data-sending={entry.sending || undefined}>
      {entry.sending ? 'Pending · sending…' : 'Pending · waiting to send'}
    </Badge>
  );
}
