import { graphql } from '../../../gql/gql';

export const PromptFields = graphql(`
  fragment PromptFields on Prompt {
    id
    title
    content
    genre
    tone
    createdAt
    updatedAt
    version
  }
`);
