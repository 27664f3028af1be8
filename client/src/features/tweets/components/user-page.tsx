import { Avatar, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { DataView } from '../../../components/data-view';
import { Empty } from '../../../components/query-state';
import { RelativeTime } from '../../../components/relative-time';
import type { UserByUsernameQuery } from '../../../gql/graphql';
import { usePageTitle } from '../../../lib/use-page-title';
import { useUserByUsername } from '../api/get-user-by-username';
import { TweetList } from './tweet-list';

export function UserPage() {
  const { username = '' } = useParams();
  usePageTitle(`@${username}`);
  const userQuery = useUserByUsername(username);
  const { data } = userQuery;

  return (
    <DataView
      query={userQuery}
      data={data ? data.userByUsername : undefined}
      loadingLabel={`Loading @${username}…`}
      empty={<Empty title={`No user called @${username}`}>Check the spelling of the address.</Empty>}
    >
      {(user) => <UserProfile user={user} />}
    </DataView>
  );
}

function UserProfile({ user }: { user: NonNullable<UserByUsernameQuery['userByUsername']> }) {
  return (
    <Stack maw={640}>
      <Paper withBorder p="lg">
        <Group wrap="nowrap">
          <Avatar src={user.avatarUrl} alt="" size="xl" radius="xl">
            {user.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <div>
            <Title order={2}>{user.name}</Title>
            <Text c="dimmed" size="sm">
              @{user.username} · joined <RelativeTime date={user.createdAt} />
            </Text>
            {user.bio && (
              <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                {user.bio}
              </Text>
            )}
          </div>
        </Group>
      </Paper>
      <Title order={3} size="h4">
        Tweets
      </Title>
      <TweetList key={user.id} authorId={user.id} search={null} emptyTitle={`@${user.username} has not tweeted yet`} />
    </Stack>
  );
}
