import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useSession } from '../../../lib/auth/session-context';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useDeleteAccount } from '../api/delete-account';

export function DeleteAccountForm(props: { username: string }) {
  const [deleteAccount, { loading }] = useDeleteAccount();
  const { signOut } = useSession();
  const { values, setErrors, field, showServerErrors } = useFormFields({ password: '' });
  const [confirming, setConfirming] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setErrors({});
    try {
      await deleteAccount({ variables: { input: values } });
      notifySuccess('Your account was deleted. Goodbye!');
      await signOut();
    } catch (error) {
      if (!showServerErrors(error)) notifyError(error, 'Could not delete the account');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Delete account">
      <Stack>
        {/* For password managers: which account this password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={props.username} readOnly hidden aria-label="Username" />
        <Text size="sm" c="dimmed">
          Deleting your account removes your tasks, tweets and stories. It cannot be undone.
        </Text>
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          {...field('password')}
        />
        <Group justify="flex-end">
          {confirming && (
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep my account
            </Button>
          )}
          <Button type="submit" color="red" variant={confirming ? 'filled' : 'light'} loading={loading}>
            {confirming ? 'Yes, delete my account' : 'Delete account'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
