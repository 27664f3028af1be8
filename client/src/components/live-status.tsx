import { Badge, Button, Group, Tooltip } from '@mantine/core';
import type { LiveState } from '../lib/use-live-subscription';

/**
 * Tells the user when live updates are paused (the connection dropped and is being restored, or the
 * server refused the stream and it is retried) or stopped after repeated refusals, with a way to retry.
 */
export function LiveStatusBadge(props: { live: Pick<LiveState, 'status' | 'problem' | 'retry'> }) {
  const { status, problem, retry } = props.live;
  if (status === 'stopped') {
    return (
      <Group gap={6} role="alert" data-testid="live-status" data-status="stopped">
        <Tooltip label={problem ?? 'The server refused live updates'}>
          <Badge color="red" variant="light" tabIndex={0}>
            Live updates stopped
          </Badge>
        </Tooltip>
        <Button size="compact-xs" variant="subtle" onClick={retry}>
          Retry
        </Button>
      </Group>
    );
  }
  if (status === 'reconnecting') {
    const badge = (
      <Badge color="orange" variant="light" role="status" data-testid="live-status" data-status="reconnecting" tabIndex={problem ? 0 : undefined}>
        Reconnecting…
      </Badge>
    );
    return problem ? <Tooltip label={problem}>{badge}</Tooltip> : badge;
  }
  return (
    <Tooltip label="Changes appear here as they happen">
      <Badge color="teal" variant="dot" data-testid="live-status" data-status={status} tabIndex={0}>
        Live
      </Badge>
    </Tooltip>
  );
}
