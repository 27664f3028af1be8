import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../../lib/auth/session-context';
import { isBlank } from '../../../../../shared/validation';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { usePageTitle } from '../../../lib/use-page-title';
import { useLogin } from '../api/login';
import { AuthCard } from './auth-card';

export function LoginPage() {
  usePageTitle('Sign in');
  const [login, { loading }] = useLogin();
  const { signIn } = useSession();
  const { values, field, validate, showServerErrors } = useFormFields({ usernameOrEmail: '', password: '' }, (values, problems) => {
    // Sign-in checks credentials, not formats (an old account may predate a rule): only say what is missing.
    problems.check('usernameOrEmail', !isBlank(values.usernameOrEmail), 'Enter your username or email');
    problems.check('password', values.password !== '', 'Enter your password');
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!validate(event.currentTarget as HTMLFormElement)) return;
    try {
      const { data } = await login({ variables: { input: values } });
      if (!data) return;
      signIn(data.login);
      notifySuccess(`Welcome back, ${data.login.user.name}.`);
    } catch (error) {
      if (!showServerErrors(error)) notifyError(error, 'Could not sign in');
    }
  };

  return (
    <AuthCard title="Sign in" subtitle="Tasks, tweets and stories, live.">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput
            label="Username or email"
            autoComplete="username"
            required
            {...field('usernameOrEmail')}
            data-autofocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...field('password')}
          />
          <Button type="submit" loading={loading}>
            Sign in
          </Button>
          <Text size="sm" ta="center">
            New here?{' '}
            <Anchor component={Link} to="/register">
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
