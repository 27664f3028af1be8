import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { fieldErrors } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { usePostTweet } from '../api/post-tweet';

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
  const [postTweet, { loading }] = usePostTweet();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const counterId = useId();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const remaining = TWEET_MAX_LENGTH - tweetLength(body);
  const empty = tweetLength(body) === 0;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (empty || remaining < 0) return;
    setError(undefined);
    try {
      await postTweet({ variables: { input: { body } } });
      setBody('');
      // The Tweet button was disabled while sending, which dropped focus to the page: back to the composer, ready for the next.
      composerRef.current?.focus();
      notifySuccess('Tweet posted.');
    } catch (failure) {
      setError(fieldErrors(failure).body);
      notifyError(failure, 'Could not post the tweet');
    }
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} aria-label="Post a tweet">
        <Stack gap="xs">
          <Textarea
            ref={composerRef}
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
            error={error ?? (remaining < 0 ? `${-remaining} ${remaining === -1 ? 'character' : 'characters'} too many` : undefined)}
            aria-describedby={counterId}
          />
          <Group justify="space-between">
            <Text id={counterId} size="sm" c={remaining < 0 ? 'red' : remaining <= 20 ? 'orange' : 'dimmed'} data-testid="tweet-counter">
              {remaining} characters left
            </Text>
            <Button type="submit" loading={loading} disabled={empty || remaining < 0}>
              Tweet
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
