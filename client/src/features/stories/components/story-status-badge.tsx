import { Badge } from '@mantine/core';
import type { StoryStatus } from '../../../gql/graphql';

const LOOK: Record<StoryStatus, { color: string; label: string }> = {
  GENERATING: { color: 'violet', label: 'Writing…' },
  DONE: { color: 'teal', label: 'Done' },
  CANCELLED: { color: 'gray', label: 'Cancelled' },
  FAILED: { color: 'red', label: 'Failed' },
};

export function StoryStatusBadge(props: { status: StoryStatus }) {
  const look = LOOK[props.status];
  return (
    <Badge color={look.color} variant="light" data-testid="story-status">
      {look.label}
    </Badge>
  );
}
