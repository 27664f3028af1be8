import { Badge, Button, Group, Tooltip } from '@mantine/core';
import { useConnectionState } from '../lib/connection-status';
import type { LiveState } from '../lib/use-live-subscription';

/**
 * Tells the user when live updates are paused (the connection dropped and is being restored, or the
 * server refused the stream and it is retried) or stopped after repeated refusals, with a way to retry.
 * It never says "Live" while the browser is offline or the server is unreachable: a socket can look
 * open for a while after the network is gone.
 */
export function LiveStatusBadge(props: { live: Pick<LiveState, 'status' | 'problem' | 'retry'> }) {
  const { problem, retry } = props.live;
  const connection = useConnectionState();
  const status = props.live.status === 'stopped' || connection === 'online' ? props.live.status : 'reconnecting';
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
  if (connection === 'offline') {
    return (
      <Badge color="gray" variant="light" role="status" data-testid="live-status" data-status="offline">
        Offline
      </Badge>
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
