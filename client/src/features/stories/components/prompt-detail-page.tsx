import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { DataView } from '../../../components/data-view';
import { Empty } from '../../../components/query-state';
import type { PromptQuery } from '../../../gql/graphql';
import { useMe } from '../../../lib/auth/viewer';
import { focusElement } from '../../../lib/focus';
import { errorCode } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { usePageTitle } from '../../../lib/use-page-title';
import { useDeletePrompt } from '../api/delete-prompt';
import { usePrompt } from '../api/get-prompt';
import { forgetOpenPrompt, rememberOpenPrompt } from '../api/open-prompt';
import { useStoryEvents } from '../api/story-events';
import { PromptEditor } from './prompt-editor';
import { StoryCard } from './story-card';
import { WriteStoryForm } from './write-story-form';

/** Navigation state: the prompt was just created here, so focus goes to its heading (not the page body). */
export interface PromptDetailState {
  focusHeading?: boolean;
}

export function PromptDetailPage() {
  const { promptId = '' } = useParams();
  // A fresh detail (editing state, confirmations) for each prompt.
  return <PromptDetail key={promptId} promptId={promptId} />;
}

function PromptDetail({ promptId }: { promptId: string }) {
  const promptQuery = usePrompt(promptId);
  const { data, error, loading } = promptQuery;
  const prompt = data?.prompt;
  usePageTitle(prompt?.title ?? 'Prompt');
  // Stories started in another tab or device join the history and stream here too.
  useStoryEvents(promptId, loading || !prompt ? undefined : prompt.stories.streamCursor);
  const viewerId = useMe().data?.me?.id;
  const missing = errorCode(error) === 'NOT_FOUND' || (data !== undefined && !prompt);
  const shownId = prompt?.id;
  useEffect(() => {
    if (missing) forgetOpenPrompt(promptId);
    else if (shownId && viewerId) rememberOpenPrompt(viewerId, shownId);
  }, [missing, shownId, promptId, viewerId]);

  return (
    <DataView
      query={promptQuery}
      data={data ? data.prompt : undefined}
      loadingLabel="Loading the prompt…"
      empty={<Empty title="This prompt does not exist">It may have been deleted.</Empty>}
    >
      {(shown) => <PromptView prompt={shown} query={promptQuery} />}
    </DataView>
  );
}

type LoadedPrompt = NonNullable<PromptQuery['prompt']>;

function PromptView({ prompt, query }: { prompt: LoadedPrompt; query: ReturnType<typeof usePrompt> }) {
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deletePrompt, deletion] = useDeletePrompt();
  const navigate = useNavigate();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = (useLocation().state as PromptDetailState | null)?.focusHeading === true;
  useEffect(() => {
    if (focusHeading && !editing) focusElement(headingRef.current);
  }, [focusHeading, editing]);
  const writing = prompt.stories.edges.some(({ node }) => node.status === 'GENERATING');

  const onDelete = async () => {
    try {
      await deletePrompt({ variables: { id: prompt.id, input: { expectedVersion: prompt.version } } });
      forgetOpenPrompt(prompt.id);
      notifySuccess('Prompt deleted.');
      navigate('/stories', { replace: true });
    } catch (failure) {
      setConfirmingDelete(false);
      notifyError(failure, 'Could not delete the prompt');
    }
  };

  return (
    <Stack>
      <Paper withBorder p="lg">
        {editing ? (
          <PromptEditor key={prompt.version} prompt={prompt} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
        ) : (
          <Stack gap="xs">
            <Group justify="space-between" align="flex-start">
              <Title ref={headingRef} order={2} size="h3">
                {prompt.title}
              </Title>
              <Group gap="xs">
                <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)}>
                  Edit prompt
                </Button>
                {confirmingDelete ? (
                  <>
                    <Button size="compact-sm" color="red" loading={deletion.loading} onClick={() => void onDelete()}>
                      Delete it and its stories
                    </Button>
                    <Button size="compact-sm" variant="default" onClick={() => setConfirmingDelete(false)}>
                      Keep it
                    </Button>
                  </>
                ) : (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => setConfirmingDelete(true)}>
                    Delete prompt
                  </Button>
                )}
              </Group>
            </Group>
            <Group gap="xs">
              {prompt.genre && <Badge variant="light">{prompt.genre}</Badge>}
              {prompt.tone && (
                <Badge variant="light" color="grape">
                  {prompt.tone}
                </Badge>
              )}
            </Group>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{prompt.content}</Text>
          </Stack>
        )}
      </Paper>
      <WriteStoryForm promptId={prompt.id} busy={writing} />
      <Title order={3} size="h4">
        Stories{prompt.stories.totalCount ? ` (${prompt.stories.totalCount})` : ''}
      </Title>
      <DataView
        query={query}
        data={prompt.stories}
        empty={<Empty title="No stories yet">Press “Write a story” and watch it being written.</Empty>}
        more={{ label: 'Older stories', load: (after) => query.fetchMore({ variables: { storiesAfter: after } }) }}
      >
        {(stories) => (
          <Stack gap="sm" data-testid="story-history">
            {stories.edges.map(({ node: story }, index) => (
              <StoryCard key={story.id} story={story} promptId={prompt.id} open={index === 0} busy={writing} />
            ))}
          </Stack>
        )}
      </DataView>
    </Stack>
  );
}
