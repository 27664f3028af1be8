import { Avatar, Button, Group, Modal, Paper, Select, Stack, Table, Text } from '@mantine/core';
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

interface UserProps {
  user: AdminUserFieldsFragment;
  isMe: boolean;
}

/**
 * The role dropdown. Choosing a role only asks (a modal); the change is applied once confirmed, and
 * Cancel or Escape leaves the role as it was: a role change grants or removes every admin power.
 */
function RoleSelect(props: UserProps) {
  const { user } = props;
  const [setUserRole, roleChange] = useSetUserRole();
  const [pending, setPending] = useState<Role | null>(null);

  const apply = async (role: Role) => {
    try {
      await setUserRole({ variables: { id: user.id, input: { role } } });
      notifySuccess(`@${user.username} is now ${role === 'ADMIN' ? 'an admin' : 'a user'}.`);
    } catch (error) {
      notifyError(error, 'Could not change the role');
    } finally {
      setPending(null);
    }
  };

  return (
    <>
      <Select
        aria-label={`Role of @${user.username}`}
        data={ROLES}
        value={user.role}
        onChange={(role) => {
          if ((role === 'USER' || role === 'ADMIN') && role !== user.role) setPending(role);
        }}
        allowDeselect={false}
        disabled={roleChange.loading || props.isMe}
        size="xs"
        w={110}
      />
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={`Change the role of @${user.username}?`}
        closeButtonProps={{ 'aria-label': 'Close' }}
        centered
      >
        <Stack>
          <Text size="sm">
            {pending === 'ADMIN'
              ? `${user.name} (@${user.username}) becomes an admin: they can see every account, change roles and delete users.`
              : `${user.name} (@${user.username}) becomes a user and loses the admin pages.`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              Cancel
            </Button>
            <Button loading={roleChange.loading} onClick={() => pending && void apply(pending)}>
              {pending === 'ADMIN' ? 'Make admin' : 'Make user'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Delete, then a second button to confirm it. */
function DeleteUser(props: UserProps) {
  const { user } = props;
  const [deleteUser, deletion] = useDeleteUser();
  const [confirming, setConfirming] = useState(false);

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
  );
}

function UserName(props: { user: AdminUserFieldsFragment }) {
  const { user } = props;
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar src={user.avatarUrl} alt="" size="sm" radius="xl">
        {user.name.slice(0, 1).toUpperCase()}
      </Avatar>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {user.name}
        </Text>
        <Text size="xs" c="dimmed">
          @{user.username}
        </Text>
      </div>
    </Group>
  );
}

export function UserRow(props: UserProps) {
  const { user } = props;
  return (
    <Table.Tr data-testid={`user-row-${user.username}`}>
      <Table.Td>
        <UserName user={user} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{user.email}</Text>
      </Table.Td>
      <Table.Td>
        <RoleSelect {...props} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <RelativeTime date={user.createdAt} />
        </Text>
      </Table.Td>
      <Table.Td>
        <DeleteUser {...props} />
      </Table.Td>
    </Table.Tr>
  );
}

/** The same user on a phone: a card, with every field and action within the screen's width. */
export function UserCard(props: UserProps) {
  const { user } = props;
  return (
    <Paper component="li" withBorder p="sm" data-testid={`user-row-${user.username}`} style={{ listStyle: 'none' }}>
      <Stack gap="xs">
        <UserName user={user} />
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {user.email}
        </Text>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <RoleSelect {...props} />
            <Text size="xs" c="dimmed">
              Joined <RelativeTime date={user.createdAt} />
            </Text>
          </Group>
          <DeleteUser {...props} />
        </Group>
      </Stack>
    </Paper>
  );
}
