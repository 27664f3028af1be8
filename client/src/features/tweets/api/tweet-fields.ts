import { graphql } from '../../../gql/gql';

/**
 * What every viewer sees the same: events select only this, so the server can execute one tweet event
 * once for all its subscribers (a per-viewer field such as `likedByMe` would cost one execution each).
 */
export const TweetPublicFields = graphql(`
  fragment TweetPublicFields on Tweet {
    id
    body
    createdAt
    version
    likeCount
    author {
      id
      username
      name
      avatarUrl
      version
    }
  }
`);

/** A tweet as the feed shows it (queries and mutations). */
export const TweetFields = graphql(`
  fragment TweetFields on Tweet {
    ...TweetPublicFields
    likedByMe
  }
`);
