import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the signed-out pages. */
export function AuthCard(props: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack gap="lg">
          <div>
            <Text fw={700} c="violet" size="sm">
              Chorus
            </Text>
            <Title order={1} size="h2">
              {props.title}
            </Title>
            <Text c="dimmed" size="sm">
              {props.subtitle}
            </Text>
          </div>
          {props.children}
        </Stack>
      </Paper>
    </Center>
  );
}
