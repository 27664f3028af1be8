import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { accountRules } from '../../../../../shared/rules';
import { type FormEvent, useMemo, useState } from 'react';
import type { UpdateProfileInput, ViewerFieldsFragment } from '../../../gql/graphql';
import { errorCode } from '../../../lib/graphql-errors';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { countryOptions, initialCountry, nationalNumber, phoneForServer } from '../api/phone';
import { useUpdateProfile } from '../api/update-profile';

/** An image uploaded here is managed by the picture section; this field is for an address elsewhere. */
const isUploaded = (avatarUrl: string | null | undefined) => avatarUrl?.startsWith('/avatars/') ?? false;

export function ProfileForm(props: { me: ViewerFieldsFragment; onConflict: () => void }) {
  const { me } = props;
  const [updateProfile, { loading }] = useUpdateProfile();
  const initialAvatarUrl = isUploaded(me.avatarUrl) ? '' : (me.avatarUrl ?? '');
  const [country, setCountry] = useState<CountryCode>(() => initialCountry(me.phone));
  const { values, field, validate, showServerErrors } = useFormFields(
    {
      name: me.name,
      email: me.email ?? '',
      bio: me.bio,
      avatarUrl: initialAvatarUrl,
      phone: nationalNumber(me.phone),
    },
    (values, problems) => {
      accountRules.name(problems, values.name);
      accountRules.email(problems, values.email);
      accountRules.bio(problems, values.bio);
      if (values.avatarUrl !== initialAvatarUrl) accountRules.avatarUrl(problems, values.avatarUrl);
      // The small metadata checks lengths only: the server (full metadata) may still refuse a number.
      accountRules.phone(problems, phoneForServer(values.phone, country), (value) => parsePhoneNumberFromString(value));
    },
  );
  const countries = useMemo(countryOptions, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!validate(event.currentTarget as HTMLFormElement)) return;
    const { avatarUrl, phone, ...rest } = values;
    const input: UpdateProfileInput = { ...rest, phone: phoneForServer(phone, country), expectedVersion: me.version };
    // Untouched, the address field leaves an uploaded picture alone.
    if (avatarUrl !== initialAvatarUrl) input.avatarUrl = avatarUrl;
    try {
      await updateProfile({ variables: { input } });
      notifySuccess('Profile saved.');
    } catch (error) {
      if (!showServerErrors(error)) notifyError(error, 'Could not save the profile');
      if (errorCode(error) === 'CONFLICT') props.onConflict();
    }
  };

  const phoneField = field('phone');
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Profile">
      <Stack>
        <TextInput label="Name" required autoComplete="name" {...field('name')} />
        <TextInput label="Email" type="email" required autoComplete="email" {...field('email')} />
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <Select
            label="Country"
            data={countries}
            value={country}
            onChange={(value) => value && setCountry(value as CountryCode)}
            searchable
            allowDeselect={false}
            autoComplete="country"
            style={{ minWidth: 200 }}
          />
          <TextInput
            label="Phone"
            description="Optional; only you and admins see it"
            type="tel"
            autoComplete="tel-national"
            style={{ minWidth: 200 }}
            {...phoneField}
          />
        </Group>
        <Textarea label="Bio" autosize minRows={2} maxRows={6} {...field('bio')} />
        <TextInput
          label="Avatar URL"
          description={
            isUploaded(me.avatarUrl) ? 'You use an uploaded picture; enter an https image address to use that instead' : 'Or an https image address; leave empty for none'
          }
          {...field('avatarUrl')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={loading}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
