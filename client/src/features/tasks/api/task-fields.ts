import { graphql } from '../../../gql/gql';

/** Everything the task list shows and edits; queries, mutations and events all select it. */
export const TaskFields = graphql(`
  fragment TaskFields on Task {
    id
    title
    notes
    done
    dueAt
    position
    createdAt
    updatedAt
    version
  }
`);
