import { Badge, Tooltip } from '@mantine/core';
import type { LiveStatus } from '../lib/use-live-subscription';

/** Tells the user when live updates are paused (the connection dropped and is being restored). */
export function LiveStatusBadge(props: { status: LiveStatus }) {
  if (props.status === 'reconnecting') {
    return (
      <Badge color="orange" variant="light" role="status" data-testid="live-status">
        Reconnecting…
      </Badge>
    );
  }
  return (
    <Tooltip label="Changes appear here as they happen">
      <Badge color="teal" variant="dot" data-testid="live-status" tabIndex={0}>
        Live
      </Badge>
    </Tooltip>
  );
}
