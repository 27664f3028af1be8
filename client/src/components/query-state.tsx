import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../lib/graphql-errors';

/** The Loading / Empty / Failure states every data view shows (Success is the view itself). */
export function Loading(props: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm" c="dimmed">
          {props.label}
        </Text>
      </Stack>
    </Center>
  );
}

export function Empty(props: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" py="xl" gap={4} data-testid="empty-state">
      <Text fw={500}>{props.title}</Text>
      {props.children && (
        <Text size="sm" c="dimmed" ta="center">
          {props.children}
        </Text>
      )}
    </Stack>
  );
}

export function Failure(props: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Alert color="red" title={props.title ?? 'Could not load this'} role="alert" data-testid="failure-state">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(props.error)}</Text>
        {props.onRetry && (
          <Button size="xs" variant="light" color="red" onClick={props.onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
