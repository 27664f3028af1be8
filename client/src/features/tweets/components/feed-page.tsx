import { Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { usePageTitle } from '../../../lib/use-page-title';
export { prefetchFeed } from '../api/get-tweets';
import { PendingTweets } from './pending-tweets';
import { PostTweetForm } from './post-tweet-form';
import { TweetList } from './tweet-list';

export function FeedPage() {
  usePageTitle('Tweets');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  return (
    <Stack maw={640}>
      <Title order={2}>Tweets</Title>
      <PostTweetForm />
      <TextInput label="Search tweets" type="search" placeholder="Words in a tweet" value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
      <PendingTweets />
      <TweetList
        key={debouncedSearch}
        authorId={null}
        search={debouncedSearch || null}
        emptyTitle={debouncedSearch ? `No tweet matches “${debouncedSearch}”` : 'No tweets yet'}
        emptyHint={debouncedSearch ? undefined : 'Be the first to say something.'}
      />
    </Stack>
  );
}
