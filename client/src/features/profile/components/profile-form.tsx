import { Avatar, Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import type { ViewerFieldsFragment } from '../../../gql/graphql';
import { errorCode, fieldErrors } from '../../../lib/graphql-errors';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useUpdateProfile } from '../api/update-profile';

export function ProfileForm(props: { me: ViewerFieldsFragment; onConflict: () => void }) {
  const { me } = props;
  const [updateProfile, { loading }] = useUpdateProfile();
  const { values: input, setErrors, field } = useFormFields({ name: me.name, email: me.email ?? '', bio: me.bio, avatarUrl: me.avatarUrl ?? '' });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await updateProfile({ variables: { input: { ...input, expectedVersion: me.version } } });
      notifySuccess('Profile saved.');
    } catch (error) {
      setErrors(fieldErrors(error));
      notifyError(error, 'Could not save the profile');
      if (errorCode(error) === 'CONFLICT') props.onConflict();
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Profile">
      <Stack>
        <Group align="flex-end" wrap="nowrap">
          <Avatar src={/^https:\/\/\S+$/.test(input.avatarUrl) ? input.avatarUrl : null} alt="" size="lg" radius="xl">
            {input.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <TextInput label="Avatar URL" description="An https image address; leave empty for none" style={{ flex: 1 }} {...field('avatarUrl')} />
        </Group>
        <TextInput label="Name" required autoComplete="name" {...field('name')} />
        <TextInput label="Email" type="email" required autoComplete="email" {...field('email')} />
        <Textarea label="Bio" autosize minRows={2} maxRows={6} {...field('bio')} />
        <Group justify="flex-end">
          <Button type="submit" loading={loading}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
