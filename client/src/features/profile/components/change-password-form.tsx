import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useChangePassword } from '../api/change-password';

export function ChangePasswordForm(props: { username: string }) {
  const [changePassword, { loading }] = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await changePassword({ variables: { input: { currentPassword, newPassword } } });
      setCurrentPassword('');
      setNewPassword('');
      notifySuccess('Password changed. Your other sessions were signed out.');
    } catch (error) {
      setErrors(fieldErrors(error));
      notifyError(error, 'Could not change the password');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change password">
      <Stack>
        {/* For password managers: which account this password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={props.username} readOnly hidden aria-label="Username" />
        <PasswordInput
          label="Current password"
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.currentTarget.value)}
          error={errors.currentPassword}
        />
        <PasswordInput
          label="New password"
          name="newPassword"
          description="At least 8 characters"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(event) => setNewPassword(event.currentTarget.value)}
          error={errors.newPassword}
        />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={loading}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
