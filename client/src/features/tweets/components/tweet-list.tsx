import { Button, Group, Stack } from '@mantine/core';
import { useApolloClient } from '@apollo/client/react';
import { useIntersection } from '@mantine/hooks';
import { useState } from 'react';
import { DataView } from '../../../components/data-view';
import { LiveStatusBadge } from '../../../components/live-status';
import { Empty } from '../../../components/query-state';
import type { TweetFieldsFragment } from '../../../gql/graphql';
import { useMe } from '../../../lib/auth/viewer';
import { useHiddenTabCount } from '../../../lib/use-page-title';
import { useTweets } from '../api/get-tweets';
import { likedByViewer, useTweetEvents } from '../api/tweet-events';
import { placeTweet, tweetMatches } from '../api/tweet-list-cache';
import { TweetCard } from './tweet-card';

/** The app's fixed header (56 px): a bar under it is out of sight; the floating notice sits below it. */
const HEADER_MARGIN = '-56px 0px 0px 0px';

/**
 * A live feed: newest first, the next page loads on scrolling, others' new tweets wait in a
 * "N new tweets" bar (the list does not jump under the reader), changes and deletions land in place.
 * Scrolled past that bar, a notice floats at the top of the window instead; in a hidden tab the
 * title counts them.
 */
export function TweetList(props: { authorId: string | null; search: string | null; emptyTitle: string; emptyHint?: string }) {
  const { authorId, search } = props;
  const client = useApolloClient();
  const me = useMe().data?.me;
  const tweetsQuery = useTweets({ authorId, search });
  const { data, previousData, loading } = tweetsQuery;
  const [pending, setPending] = useState<TweetFieldsFragment[]>([]);
  const connection = (data ?? previousData)?.tweets;

  const live = useTweetEvents({
    authorId,
    startAfter: loading ? undefined : data?.tweets.streamCursor,
    viewerId: me?.id,
    onArrived: (tweet) => {
      if (!tweetMatches(tweet, { authorId, search })) return;
      // Nothing to push down: show it at once.
      if (connection?.edges.length === 0) return placeTweet(client.cache, tweet);
      setPending((waiting) => (waiting.some((item) => item.id === tweet.id) ? waiting : [tweet, ...waiting]));
    },
    onChangedElsewhere: (event) =>
      setPending((waiting) =>
        event.kind === 'DELETED' || !event.tweet
          ? waiting.filter((item) => item.id !== event.id)
          : waiting.map((item) =>
              item.id === event.id && event.tweet && event.version > item.version
                ? { ...event.tweet, likedByMe: likedByViewer(event, me?.id) ?? item.likedByMe }
                : item,
            ),
      ),
  });

  const showPending = () => {
    // Oldest first, so each lands above the previous one.
    for (const tweet of [...pending].reverse()) placeTweet(client.cache, tweet);
    setPending([]);
  };
  const { ref: barPlace, entry: barSeen } = useIntersection<HTMLDivElement>({ rootMargin: HEADER_MARGIN });
  // Out of sight above (under the header or higher), not below: the feed was scrolled past it.
  const barOutOfSight = barSeen !== null && !barSeen.isIntersecting && barSeen.boundingClientRect.top < (barSeen.rootBounds?.top ?? 0);
  useHiddenTabCount(pending.length);
  const newTweets = `${pending.length} new ${pending.length === 1 ? 'tweet' : 'tweets'}`;

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <LiveStatusBadge live={live} />
      </Group>
      <div aria-live="polite" ref={barPlace}>
        {pending.length > 0 && (
          <Button fullWidth variant="light" onClick={showPending} data-testid="new-tweets-bar">
            Show {newTweets}
          </Button>
        )}
      </div>
      {/* Sticky over the list, in its column; no height, so it moves nothing when it appears. */}
      <div style={{ position: 'sticky', top: 68, height: 0, zIndex: 10, display: 'flex', justifyContent: 'center', marginBottom: 'calc(var(--stack-gap) * -1)' }}>
        {pending.length > 0 && barOutOfSight && (
          <Button
            radius="xl"
            onClick={() => {
              showPending();
              window.scrollTo({ top: 0, behavior: 'instant' });
            }}
            style={{ boxShadow: 'var(--mantine-shadow-md)' }}
            data-testid="new-tweets-notice"
          >
            ↑ {newTweets}
          </Button>
        )}
      </div>
      <DataView
        query={tweetsQuery}
        data={connection}
        loadingLabel="Loading tweets…"
        empty={<Empty title={props.emptyTitle}>{props.emptyHint}</Empty>}
        more={{
          label: 'Load older tweets',
          load: (after) => tweetsQuery.fetchMore({ variables: { after } }),
          onScroll: { loadingLabel: 'Loading more tweets' },
        }}
      >
        {(tweets) => (
          <Stack gap="sm" data-testid="tweet-list">
            {tweets.edges.map(({ node: tweet }) => (
              <TweetCard key={tweet.id} tweet={tweet} canDelete={tweet.author.id === me?.id || me?.role === 'ADMIN'} />
            ))}
          </Stack>
        )}
      </DataView>
    </Stack>
  );
}
