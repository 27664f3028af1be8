import { Avatar, Group, Paper, Stack, Text } from '@mantine/core';
import { useMe } from '../../../lib/auth/viewer';
import { usePendingEntries } from '../../../lib/outbox/outbox-context';
import { PendingStatus } from '../../../lib/outbox/pending-status';

/** The viewer's tweets still in the outbox, newest on top like the feed below them. */
export function PendingTweets() {
  const me = useMe().data?.me;
  const entries = usePendingEntries('tweet');
  if (!me || !entries.length) return null;
  return (
    <Stack gap="sm" aria-label="Tweets not posted yet" component="section" data-testid="pending-tweets">
      {[...entries].reverse().map((entry) => (
        <Paper key={entry.id} component="article" withBorder p="md" data-testid="pending-tweet" style={{ borderStyle: 'dashed' }}>
          <Group align="flex-start" wrap="nowrap" gap="sm">
            <Avatar src={me.avatarUrl} alt="" radius="xl">
              {me.name.slice(0, 1).toUpperCase()}
            </Avatar>
            <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {me.name}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="pending-tweet-body">
                {entry.input.body}
              </Text>
              <PendingStatus entry={entry} what="tweet" />
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
