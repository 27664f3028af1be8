import { Group, Loader, Text } from '@mantine/core';
import { type ConnectionState, useConnectionState } from '../lib/connection-status';

/** The banner's height in the app's header (AppLayout makes room for it). */
export const CONNECTION_BANNER_HEIGHT = 32;

const MESSAGES: Record<Exclude<ConnectionState, 'online'>, string> = {
  offline: 'You are offline — waiting for the network…',
  unreachable: 'Cannot reach the server — retrying…',
};

/**
 * Says, on every page, that the browser is offline or the server does not answer (lib/connection-status.tsx);
 * nothing when all is well.
 */
export function ConnectionBanner() {
  const state = useConnectionState();
  // The live region is always there: one that appears together with its text is often not read out.
  return <div role="status">{state !== 'online' && <BannerLine state={state} />}</div>;
}

function BannerLine(props: { state: Exclude<ConnectionState, 'online'> }) {
  const { state } = props;
  return (
    <Group
      data-testid="connection-banner"
      data-state={state}
      h={CONNECTION_BANNER_HEIGHT}
      px="md"
      gap="xs"
      justify="center"
      wrap="nowrap"
      bg={state === 'offline' ? 'var(--mantine-color-gray-light)' : 'var(--mantine-color-orange-light)'}
    >
      {state === 'unreachable' && <Loader size={12} color="orange" aria-hidden />}
      <Text size="sm" fw={500} truncate>
        {MESSAGES[state]}
      </Text>
    </Group>
  );
}

/** Whether the banner shows (the layout needs its height before it renders). */
export function useConnectionBannerShown(): boolean {
  return useConnectionState() !== 'online';
}
