import { Affix, Button, CopyButton, Group, Paper, Text } from '@mantine/core';
import { useRef } from 'react';
import { RelativeTime } from '../../../components/relative-time';
import type { StoryFieldsFragment } from '../../../gql/graphql';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCancelStory } from '../api/cancel-story';
import { useGenerateStory } from '../api/generate-story';
import { useStoryStream } from '../api/story-stream';
import { StoryStatusBadge } from './story-status-badge';
import { useFollowText } from './use-follow-text';

/**
 * One story of a prompt's history. While it is being written the text streams in here, live, with a
 * Cancel button, and the newest one is followed down the page; a finished story shows its text
 * (folded when not the newest), with Copy and Regenerate (another story from the same prompt).
 */
export function StoryCard(props: { story: StoryFieldsFragment; promptId: string; open: boolean; busy: boolean }) {
  const { story } = props;
  const live = useStoryStream(story.id, { text: story.text, status: story.status, wordCount: story.wordCount, error: story.error });
  const [cancelStory, cancelling] = useCancelStory();
  const [generateStory, regenerating] = useGenerateStory();
  // The stream knows best while it runs; afterwards the cache holds the final story.
  const status = story.status === 'GENERATING' ? live.status : story.status;
  const text = story.status === 'GENERATING' || live.text.length > story.text.length ? live.text : story.text;
  const writing = status === 'GENERATING';
  const textEnd = useRef<HTMLParagraphElement>(null);
  const follow = useFollowText(textEnd, writing && props.open, text);

  const onCancel = async () => {
    try {
      await cancelStory({ variables: { id: story.id } });
      notifySuccess('Story cancelled.');
    } catch (error) {
      notifyError(error, 'Could not cancel the story');
    }
  };

  const onRegenerate = async () => {
    try {
      await generateStory({ variables: { input: { promptId: props.promptId, maxWords: story.maxWords } } });
      notifySuccess('The story bot is writing…');
    } catch (error) {
      notifyError(error, 'Could not start the story');
    }
  };

  const body = (
    <Text ref={textEnd} style={{ whiteSpace: 'pre-wrap' }} data-testid="story-text" aria-busy={writing} c={text ? undefined : 'dimmed'}>
      {text || (writing ? 'Thinking…' : 'No text.')}
      {writing && <span aria-hidden style={{ opacity: 0.6 }}>▍</span>}
    </Text>
  );

  return (
    <Paper withBorder p="md" data-testid="story" data-story-id={story.id} data-status={status}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <StoryStatusBadge status={status} />
          <Text size="sm" c="dimmed">
            <RelativeTime date={story.createdAt} /> · {writing ? live.wordCount : story.wordCount || live.wordCount} of ~{story.maxWords} words
          </Text>
        </Group>
        {writing ? (
          <Button size="compact-sm" color="red" variant="light" loading={cancelling.loading} onClick={() => void onCancel()}>
            Cancel
          </Button>
        ) : (
          <Group gap="xs">
            {text && (
              <CopyButton value={text}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="subtle" onClick={copy} aria-label={copied ? 'Copied the story' : 'Copy the story'}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            )}
            <Button
              size="compact-sm"
              variant="subtle"
              loading={regenerating.loading}
              disabled={props.busy}
              onClick={() => void onRegenerate()}
              title="Write another story from this prompt"
            >
              Regenerate
            </Button>
          </Group>
        )}
      </Group>
      {status === 'FAILED' && (
        <Text size="sm" c="red" mb="xs" role="alert">
          {story.error ?? live.error ?? 'The story could not be written.'}
        </Text>
      )}
      {writing || props.open ? (
        body
      ) : (
        <details>
          <summary style={{ cursor: 'pointer' }}>
            <Text span size="sm">
              {text.slice(0, 90)}
              {text.length > 90 ? '…' : ''}
            </Text>
          </summary>
          {body}
        </details>
      )}
      <Text size="sm" c="dimmed" role="status" mt={4}>
        {!writing && status === 'DONE' && props.open ? 'The story is finished.' : ''}
      </Text>
      {follow.behind && (
        <Affix position={{ bottom: 24, left: 0, right: 0 }} style={{ display: 'flex', justifyContent: 'center', pointerEvents: 'none' }}>
          <Button radius="xl" onClick={follow.jumpToLatest} style={{ pointerEvents: 'auto', boxShadow: 'var(--mantine-shadow-md)' }} data-testid="story-latest">
            ↓ latest
          </Button>
        </Affix>
      )}
    </Paper>
  );
}
