import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { TWEET_LIMITS, tweetRules } from '../../../../../shared/rules';
import { charLength, FieldProblems, isBlank } from '../../../../../shared/validation';
import { notifySuccess } from '../../../lib/notify';
import { useOutbox } from '../../../lib/outbox/outbox-context';

/** Counted as the server counts (shared/validation.ts): user-perceived characters after trimming; 0 when nothing would show. */
export function tweetLength(body: string): number {
  const trimmed = body.trim();
  return isBlank(trimmed) ? 0 : charLength(trimmed);
}

export function PostTweetForm() {
  const { submit } = useOutbox();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const counterId = useId();
  const bodyId = useId();
  const remaining = TWEET_LIMITS.bodyMax - tweetLength(body);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const empty = tweetLength(body) === 0;

  const shownError = remaining < 0 ? `${-remaining} ${remaining === -1 ? 'character' : 'characters'} too many` : error;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The server's own rule, so nothing it would refuse is sent.
    const problem = new FieldProblems();
    tweetRules.body(problem, body);
    setError(problem.messages().body);
    if (problem.messages().body) {
      document.getElementById(bodyId)?.focus();
      return;
    }
    // The text is safe in the outbox: the field is free at once. The tweet shows as pending in the
    // feed until it is posted; a refusal shows there too, with Retry and Discard.
    setBody('');
    // Back to the composer, ready for the next (a click on Tweet took the focus).
    composerRef.current?.focus();
    const outcome = await submit('tweet', { body });
    if (outcome.status === 'sent') notifySuccess('Tweet posted.');
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
            id={bodyId}
            onChange={(event) => {
              setBody(event.currentTarget.value);
              setError(undefined);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void onSubmit(event);
            }}
            autosize
            minRows={2}
            maxRows={8}
            error={shownError}
            // Mantine's own describedby (the error) would be replaced by the counter's: name both.
            aria-describedby={shownError ? `${bodyId}-error ${counterId}` : counterId}
          />
          <Group justify="space-between">
            <Text id={counterId} size="sm" c={remaining < 0 ? 'red' : remaining <= 20 ? 'orange' : 'dimmed'} data-testid="tweet-counter">
              {remaining} characters left
            </Text>
            <Button type="submit" disabled={empty}>
              Tweet
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
