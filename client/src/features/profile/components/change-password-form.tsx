import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import type { FormEvent } from 'react';
import { accountRules } from '../../../../../shared/rules';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useChangePassword } from '../api/change-password';

export function ChangePasswordForm(props: { username: string }) {
  const [changePassword, { loading }] = useChangePassword();
  const { values, field, reset, validate, showServerErrors } = useFormFields({ currentPassword: '', newPassword: '' }, (values, problems) => {
    problems.check('currentPassword', values.currentPassword !== '', 'Enter your current password');
    accountRules.password(problems, values.newPassword, 'newPassword');
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!validate(event.currentTarget as HTMLFormElement)) return;
    try {
      await changePassword({ variables: { input: values } });
      reset();
      notifySuccess('Password changed. Your other sessions were signed out.');
    } catch (error) {
      if (!showServerErrors(error)) notifyError(error, 'Could not change the password');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change password">
      <Stack>
        {/* For password managers: which account this password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={props.username} readOnly hidden aria-label="Username" />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          {...field('currentPassword')}
        />
        <PasswordInput
          label="New password"
          description="At least 8 characters"
          autoComplete="new-password"
          required
          {...field('newPassword')}
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
