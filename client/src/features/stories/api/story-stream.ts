import { useApolloClient } from '@apollo/client/react';
import { useRef, useState } from 'react';
import { graphql } from '../../../gql/gql';
import type { StoryStatus } from '../../../gql/graphql';
import { cacheIdOf, isNewerThanCached } from '../../../lib/connection-cache';
import { useLiveSubscription } from '../../../lib/use-live-subscription';

/** The story's state without its text: what each chunk updates in the cache (text would grow each time). */
export const StoryProgressFields = graphql(`
  fragment StoryProgressFields on Story {
    id
    status
    wordCount
    error
    finishedAt
    version
  }
`);

export const StoryStreamSubscriptionDocument = graphql(`
  subscription StoryStream($storyId: ID!) {
    storyStream(storyId: $storyId) {
      storyId
      index
      delta
      status
      story {
        ...StoryProgressFields
      }
    }
  }
`);

export interface StoryProgress {
  text: string;
  status: StoryStatus;
  wordCount: number;
  error: string | null;
}

/**
 * A story as it is written: deltas append, in index order. After a dropped connection the stream
 * starts again at index 0 with all the text so far, which replaces ours. The final chunk's state and
 * the whole text go to the cache, so the history shows the finished story.
 */
export function useStoryStream(storyId: string | null, initial: StoryProgress) {
  const client = useApolloClient();
  const [progress, setProgress] = useState<StoryProgress>(initial);
  const lastIndex = useRef(-1);
  const text = useRef(initial.text);
  const streamOf = useRef(storyId);
  if (streamOf.current !== storyId) {
    streamOf.current = storyId;
    lastIndex.current = -1;
    text.current = initial.text;
  }

  const { status } = useLiveSubscription(StoryStreamSubscriptionDocument, {
    variables: { storyId: storyId ?? '' },
    skip: !storyId || initial.status !== 'GENERATING',
    endOnComplete: true,
    onData: ({ storyStream: chunk }) => {
      if (chunk.index === 0) text.current = chunk.delta;
      else if (chunk.index === lastIndex.current + 1) text.current += chunk.delta;
      else return;
      lastIndex.current = chunk.index;
      const story = chunk.story;
      if (story && isNewerThanCached(client.cache, 'Story', story.id, story.version)) {
        client.cache.writeFragment({ id: cacheIdOf(client.cache, 'Story', story.id), fragment: StoryProgressFields, data: story });
      }
      if (chunk.status !== 'GENERATING') {
        const finalText = text.current;
        client.cache.modify({ id: cacheIdOf(client.cache, 'Story', chunk.storyId), fields: { text: () => finalText } });
      }
      setProgress({
        text: text.current,
        status: chunk.status,
        wordCount: story?.wordCount ?? countWords(text.current),
        error: story?.error ?? null,
      });
    },
  });
  return { ...progress, connection: status };
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
