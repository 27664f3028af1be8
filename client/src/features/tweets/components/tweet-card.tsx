import { Anchor, Avatar, Button, Group, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time';
import type { TweetFieldsFragment } from '../../../gql/graphql';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useDeleteTweet } from '../api/delete-tweet';
import { useLikeTweet } from '../api/like-tweet';
import { useUnlikeTweet } from '../api/unlike-tweet';
import { TweetBody } from './tweet-body';

export function TweetCard(props: { tweet: TweetFieldsFragment; canDelete: boolean }) {
  const { tweet } = props;
  const [likeTweet] = useLikeTweet();
  const [unlikeTweet] = useUnlikeTweet();
  const [deleteTweet, deletion] = useDeleteTweet();
  const [confirming, setConfirming] = useState(false);

  const toggleLike = async () => {
    const liked = !tweet.likedByMe;
    const optimistic = { ...tweet, likedByMe: liked, likeCount: Math.max(0, tweet.likeCount + (liked ? 1 : -1)) };
    try {
      if (liked) await likeTweet({ variables: { id: tweet.id }, optimisticResponse: { likeTweet: optimistic } });
      else await unlikeTweet({ variables: { id: tweet.id }, optimisticResponse: { unlikeTweet: optimistic } });
    } catch (error) {
      notifyError(error, liked ? 'Could not like the tweet' : 'Could not unlike the tweet');
    }
  };

  const onDelete = async () => {
    try {
      await deleteTweet({ variables: { id: tweet.id } });
      notifySuccess('Tweet deleted.');
    } catch (error) {
      setConfirming(false);
      notifyError(error, 'Could not delete the tweet');
    }
  };

  const profile = `/u/${encodeURIComponent(tweet.author.username)}`;
  return (
    <Paper component="article" withBorder p="md" data-testid="tweet" data-tweet-id={tweet.id} aria-label={`Tweet by ${tweet.author.name}`}>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <Avatar component={Link} to={profile} src={tweet.author.avatarUrl} alt="" radius="xl" aria-label={`${tweet.author.name}'s page`}>
          {tweet.author.name.slice(0, 1).toUpperCase()}
        </Avatar>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Anchor component={Link} to={profile} fw={600} c="inherit" size="sm">
              {tweet.author.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              @{tweet.author.username} · <RelativeTime date={tweet.createdAt} />
            </Text>
          </Group>
          <TweetBody body={tweet.body} />
          <Group gap="xs" mt="xs">
            <Button
              size="compact-sm"
              variant={tweet.likedByMe ? 'light' : 'subtle'}
              color={tweet.likedByMe ? 'pink' : 'gray'}
              aria-pressed={tweet.likedByMe}
              // The count is visible, so it is part of the name (WCAG 2.5.3, "label in name"); no parentheses,
              // which name-matching tools and speech input drop.
              aria-label={`${tweet.likedByMe ? 'Unlike' : 'Like'}, ${tweet.likeCount} ${tweet.likeCount === 1 ? 'like' : 'likes'}`}
              onClick={() => void toggleLike()}
              data-testid="like-button"
            >
              {tweet.likedByMe ? '♥' : '♡'} {tweet.likeCount}
            </Button>
            {props.canDelete &&
              (confirming ? (
                <>
                  <Button size="compact-sm" color="red" loading={deletion.loading} onClick={() => void onDelete()}>
                    Delete this tweet
                  </Button>
                  <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                    Keep it
                  </Button>
                </>
              ) : (
                <Button size="compact-sm" variant="subtle" color="red" onClick={() => setConfirming(true)}>
                  Delete
                </Button>
              ))}
          </Group>
        </div>
      </Group>
    </Paper>
  );
}
