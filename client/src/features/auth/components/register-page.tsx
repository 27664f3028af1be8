import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../../lib/auth/session-context';
import { accountRules } from '../../../../../shared/rules';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { usePageTitle } from '../../../lib/use-page-title';
import { useRegister } from '../api/register';
import { AuthCard } from './auth-card';

export function RegisterPage() {
  usePageTitle('Create an account');
  const [register, { loading }] = useRegister();
  const { signIn } = useSession();
  const { values: input, field, validate, showServerErrors } = useFormFields({ username: '', name: '', email: '', password: '' }, (values, problems) => {
    accountRules.username(problems, values.username);
    accountRules.name(problems, values.name);
    accountRules.email(problems, values.email);
    accountRules.password(problems, values.password);
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!validate(event.currentTarget as HTMLFormElement)) return;
    try {
      const { data } = await register({ variables: { input } });
      if (!data) return;
      signIn(data.register);
      notifySuccess(`Welcome to Chorus, ${data.register.user.name}!`);
    } catch (error) {
      if (!showServerErrors(error)) notifyError(error, 'Could not create the account');
    }
  };

  return (
    <AuthCard title="Create an account" subtitle="It takes ten seconds.">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label="Username" description="3 to 32 letters, digits or _" autoComplete="username" required {...field('username')} />
          <TextInput label="Name" autoComplete="name" required {...field('name')} />
          <TextInput label="Email" type="email" autoComplete="email" required {...field('email')} />
          <PasswordInput label="Password" description="At least 8 characters" autoComplete="new-password" required {...field('password')} />
          <Button type="submit" loading={loading}>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have an account?{' '}
            <Anchor component={Link} to="/login">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
