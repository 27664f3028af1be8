import { Badge, Button, Grid, Group, Loader, NavLink, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Suspense, useState } from 'react';
import { Link, Navigate, Outlet, useMatch, useParams } from 'react-router';
import { DataView } from '../../../components/data-view';
import { LiveStatusBadge } from '../../../components/live-status';
import { Empty } from '../../../components/query-state';
import { useMe } from '../../../lib/auth/viewer';
import { usePendingEntries } from '../../../lib/outbox/outbox-context';
import { usePageTitle } from '../../../lib/use-page-title';
import { usePrompts } from '../api/get-prompts';
import { lastOpenPrompt } from '../api/open-prompt';
import { usePromptEvents } from '../api/prompt-events';
import { PendingPrompts } from './pending-prompts';

/** The story bot: your prompts on the left, the chosen one (editor, "Write a story", history) on the right. */
export function StoryBotPage() {
  usePageTitle('Story bot');
  const { promptId } = useParams();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const promptsQuery = usePrompts(debouncedSearch || null);
  const { data, previousData, loading } = promptsQuery;
  const live = usePromptEvents(loading ? undefined : data?.prompts.streamCursor);
  const prompts = (data ?? previousData)?.prompts;
  const pendingCount = usePendingEntries('prompt').length;
  // On a phone the columns stack: an open prompt (or the new-prompt form) comes first, the list after it.
  const creating = useMatch('/stories/new') !== null;
  const opened = !!promptId || creating;
  const order = { list: { base: opened ? 2 : 1, md: 1 }, detail: { base: opened ? 1 : 2, md: 2 } };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Story bot</Title>
        <LiveStatusBadge live={live} />
      </Group>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 4 }} order={order.list}>
          <Stack gap="xs">
            <Button component={Link} to="/stories/new" variant="light">
              New prompt
            </Button>
            <TextInput label="Search prompts" type="search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
            <PendingPrompts />
            <DataView
              query={promptsQuery}
              data={prompts}
              loadingLabel="Loading prompts…"
              empty={
                pendingCount > 0 ? null : (
                  <Empty title={debouncedSearch ? `No prompt matches “${debouncedSearch}”` : 'No prompts yet'}>
                    {debouncedSearch ? null : 'Create one to start writing stories.'}
                  </Empty>
                )
              }
            >
              {(shown) => (
                <ScrollArea.Autosize mah="60vh" type="auto">
                  <nav aria-label="Prompts" data-testid="prompt-list">
                    {shown.edges.map(({ node }) => (
                      <NavLink
                        key={node.id}
                        component={Link}
                        to={`/stories/${node.id}`}
                        active={node.id === promptId}
                        aria-current={node.id === promptId ? 'page' : undefined}
                        label={node.title}
                        description={
                          <Text span size="xs" c="dimmed" lineClamp={1}>
                            {[node.genre, node.tone].filter(Boolean).join(' · ') || node.content}
                          </Text>
                        }
                        rightSection={node.genre ? <Badge size="xs" variant="light">{node.genre}</Badge> : null}
                      />
                    ))}
                  </nav>
                </ScrollArea.Autosize>
              )}
            </DataView>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={order.detail}>
          <Suspense fallback={<Loader size="sm" aria-label="Loading" />}>
            <Outlet />
          </Suspense>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** `/stories`: back to the prompt last open in this tab (the nav link cannot carry it), else a hint. */
export function ChoosePromptPage() {
  const last = lastOpenPrompt(useMe().data?.me?.id);
  if (last) return <Navigate to={`/stories/${encodeURIComponent(last)}`} replace />;
  return <Empty title="Choose a prompt">Pick one of your prompts, or create a new one, then let the bot write.</Empty>;
}
