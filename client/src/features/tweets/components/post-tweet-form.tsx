import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { notifySuccess } from '../../../lib/notify';
import { useOutbox } from '../../../lib/outbox/outbox-context';

export const TWEET_MAX_LENGTH = 280;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// As the server's validation: whitespace and characters that show nothing make a body blank.
const INVISIBLE = /[\s\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu;

/** Counted as the server counts: user-perceived characters after trimming; 0 when nothing would show. */
export function tweetLength(body: string): number {
  const trimmed = body.trim();
  if (trimmed.replace(INVISIBLE, '') === '') return 0;
  let count = 0;
  for (const _ of graphemes.segment(trimmed)) count++;
  return count;
}

export function PostTweetForm() {
  const { submit } = useOutbox();
  const [body, setBody] = useState('');
  const counterId = useId();
  const remaining = TWEET_MAX_LENGTH - tweetLength(body);
  const empty = tweetLength(body) === 0;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (empty || remaining < 0) return;
    // The text is safe in the outbox: the field is free at once. The tweet shows as pending in the
    // feed until it is posted; a refusal shows there too, with Retry and Discard.
    setBody('');
    const outcome = await submit('tweet', { body });
    if (outcome.status === 'sent') notifySuccess('Tweet posted.');
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} aria-label="Post a tweet">
        <Stack gap="xs">
          <Textarea
            label="What's happening?"
            placeholder="Say something to everyone"
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void onSubmit(event);
            }}
            autosize
            minRows={2}
            maxRows={8}
            error={remaining < 0 ? `${-remaining} ${remaining === -1 ? 'character' : 'characters'} too many` : undefined}
            aria-describedby={counterId}
          />
          <Group justify="space-between">
            <Text id={counterId} size="sm" c={remaining < 0 ? 'red' : remaining <= 20 ? 'orange' : 'dimmed'} data-testid="tweet-counter">
              {remaining} characters left
            </Text>
            <Button type="submit" disabled={empty || remaining < 0}>
              Tweet
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
