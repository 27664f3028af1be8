import { Avatar, Button, Group, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { RelativeTime } from '../../../components/relative-time';
import type { AdminUserFieldsFragment, Role } from '../../../gql/graphql';
import { removeFromCache } from '../../../lib/connection-cache';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useDeleteUser } from '../api/delete-user';
import { useSetUserRole } from '../api/set-user-role';

const ROLES: { value: Role; label: string }[] = [
  { value: 'USER', label: 'User' },
  { value: 'ADMIN', label: 'Admin' },
];

export function UserRow(props: { user: AdminUserFieldsFragment; isMe: boolean }) {
  const { user } = props;
  const [setUserRole, roleChange] = useSetUserRole();
  const [deleteUser, deletion] = useDeleteUser();
  const [confirming, setConfirming] = useState(false);

  const onRole = async (role: string | null) => {
    if (role !== 'USER' && role !== 'ADMIN') return;
    if (role === user.role) return;
    try {
      await setUserRole({ variables: { id: user.id, input: { role } } });
      notifySuccess(`@${user.username} is now ${role === 'ADMIN' ? 'an admin' : 'a user'}.`);
    } catch (error) {
      notifyError(error, 'Could not change the role');
    }
  };

  const onDelete = async () => {
    try {
      await deleteUser({
        variables: { id: user.id },
        update: (cache) => removeFromCache(cache, 'User', user.id, ['users']),
      });
      notifySuccess(`@${user.username} was deleted.`);
    } catch (error) {
      setConfirming(false);
      notifyError(error, 'Could not delete the user');
    }
  };

  return (
    <Table.Tr data-testid={`user-row-${user.username}`}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar src={user.avatarUrl} alt="" size="sm" radius="xl">
            {user.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <div>
            <Text size="sm" fw={500}>
              {user.name}
            </Text>
            <Text size="xs" c="dimmed">
              @{user.username}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{user.email}</Text>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of @${user.username}`}
          data={ROLES}
          value={user.role}
          onChange={(role) => void onRole(role)}
          allowDeselect={false}
          disabled={roleChange.loading || props.isMe}
          size="xs"
          w={110}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <RelativeTime date={user.createdAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {confirming ? (
            <>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button size="xs" color="red" loading={deletion.loading} onClick={() => void onDelete()} aria-label={`Confirm deleting @${user.username}`}>
                Delete
              </Button>
            </>
          ) : (
            <Button size="xs" color="red" variant="subtle" disabled={props.isMe} onClick={() => setConfirming(true)} aria-label={`Delete @${user.username}`}>
              Delete
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
