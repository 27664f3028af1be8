// The GraphQL documents more than one workload sends (W3 and W4/W5).
export const POST_TWEET = 'mutation Post($input: PostTweetInput!) { postTweet(input: $input) { id createdAt } }';
// What a feed client keeps live; no viewer-specific field (see RESULTS.md, W4).
export const TWEET_EVENTS = `subscription Live { tweetEvents { cursor kind type id version at actorId
  tweet { id body createdAt version likeCount author { id username name avatarUrl } } } }`;
