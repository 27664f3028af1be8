import { graphql } from '../../../gql/gql';

/** A story in a prompt's history. */
export const StoryFields = graphql(`
  fragment StoryFields on Story {
    id
    status
    text
    wordCount
    maxWords
    provider
    error
    createdAt
    finishedAt
    version
  }
`);
