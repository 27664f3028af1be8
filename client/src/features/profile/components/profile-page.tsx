import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DataView } from '../../../components/data-view';
import { RelativeTime } from '../../../components/relative-time';
import type { MeQuery } from '../../../gql/graphql';
import { useMe } from '../../../lib/auth/viewer';
import { usePageTitle } from '../../../lib/use-page-title';
import { AvatarSection } from './avatar-section';
import { ChangePasswordForm } from './change-password-form';
import { DeleteAccountForm } from './delete-account-form';
import { ProfileForm } from './profile-form';

export function ProfilePage() {
  usePageTitle('Profile');
  const meQuery = useMe();
  const { data } = meQuery;
  return (
    <DataView query={meQuery} data={data ? data.me : undefined} loadingLabel="Loading your profile…">
      {(me) => <Profile me={me} onConflict={() => void meQuery.refetch()} />}
    </DataView>
  );
}

function Profile({ me, onConflict }: { me: NonNullable<MeQuery['me']>; onConflict: () => void }) {
  return (
    <Stack maw={900}>
      <div>
        <Title order={2}>Profile</Title>
        <Text c="dimmed" size="sm">
          @{me.username} · {me.role === 'ADMIN' ? 'Administrator' : 'Member'} · joined <RelativeTime date={me.createdAt} />
        </Text>
      </div>
      <Paper withBorder p="lg">
        <Title order={3} size="h4" mb="md">
          About you
        </Title>
        <Stack>
          <AvatarSection me={me} />
          {/* Re-mount on a new version so the form shows what the server holds now. */}
          <ProfileForm key={me.version} me={me} onConflict={onConflict} />
        </Stack>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="lg">
          <Title order={3} size="h4" mb="md">
            Change password
          </Title>
          <ChangePasswordForm username={me.username} />
        </Paper>
        <Paper withBorder p="lg">
          <Title order={3} size="h4" mb="md">
            Delete account
          </Title>
          <DeleteAccountForm username={me.username} />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
