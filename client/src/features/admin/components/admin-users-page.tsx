import { Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { DataView } from '../../../components/data-view';
import { LiveStatusBadge } from '../../../components/live-status';
import { Empty } from '../../../components/query-state';
import { useMe } from '../../../lib/auth/viewer';
import { usePageTitle } from '../../../lib/use-page-title';
import { useUsers } from '../api/get-users';
import { useAdminUserEvents } from '../api/user-events';
import { UserCard, UserRow } from './user-row';

/** Below this width the table's Role, Joined and Delete columns would scroll off screen: cards instead. */
const CARDS = '(max-width: 599px)';

export function AdminUsersPage() {
  usePageTitle('Users');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const usersQuery = useUsers(debouncedSearch);
  const { data, previousData, loading, refetch } = usersQuery;
  const me = useMe().data?.me;
  const live = useAdminUserEvents(loading ? undefined : data?.users.streamCursor, () => void refetch());
  const users = (data ?? previousData)?.users;
  const asCards = useMediaQuery(CARDS, false, { getInitialValueInEffect: false });

  return (
    <Stack maw={1000}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Group gap="sm">
            <Title order={2}>Users</Title>
            <LiveStatusBadge live={live} />
          </Group>
          <Text c="dimmed" size="sm">
            {users ? `${users.totalCount} ${users.totalCount === 1 ? 'account' : 'accounts'}` : ' '}
          </Text>
        </div>
        <TextInput
          label="Search users"
          placeholder="Username or name"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={asCards ? '100%' : 260}
        />
      </Group>
      <DataView
        query={usersQuery}
        data={users}
        loadingLabel="Loading users…"
        empty={<Empty title={debouncedSearch ? `No user matches “${debouncedSearch}”` : 'No users yet'} />}
        more={{ label: 'Load more users', load: (after) => usersQuery.fetchMore({ variables: { after } }) }}
      >
        {(shown) =>
          asCards ? (
            <Stack component="ul" gap="xs" p={0} m={0} aria-label="Users" data-testid="user-cards">
              {shown.edges.map(({ node }) => (
                <UserCard key={node.id} user={node} isMe={node.id === me?.id} />
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Email</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Joined</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.edges.map(({ node }) => (
                    <UserRow key={node.id} user={node} isMe={node.id === me?.id} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </DataView>
    </Stack>
  );
}
