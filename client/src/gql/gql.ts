/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": typeof types.DeleteUserDocument,
    "\n  fragment AdminUserFields on User {\n    id\n    username\n    name\n    email\n    role\n    avatarUrl\n    createdAt\n    version\n  }\n": typeof types.AdminUserFieldsFragmentDoc,
    "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...AdminUserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation SetUserRole($id: ID!, $input: SetUserRoleInput!) {\n    setUserRole(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n": typeof types.SetUserRoleDocument,
    "\n  subscription AdminUserEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...AdminUserFields\n      }\n    }\n  }\n": typeof types.AdminUserEventsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation DeleteAccount($input: DeleteAccountInput!) {\n    deleteAccount(input: $input)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  fragment PublicProfileFields on User {\n    id\n    name\n    avatarUrl\n    bio\n    version\n  }\n": typeof types.PublicProfileFieldsFragmentDoc,
    "\n  subscription ProfileEvents($after: String) {\n    profileEvents(after: $after) {\n      cursor\n      id\n      version\n      user {\n        ...PublicProfileFields\n      }\n    }\n  }\n": typeof types.ProfileEventsDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      ...ViewerFields\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  subscription ViewerEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n": typeof types.ViewerEventsDocument,
    "\n  mutation CancelStory($id: ID!) {\n    cancelStory(id: $id) {\n      ...StoryFields\n    }\n  }\n": typeof types.CancelStoryDocument,
    "\n  mutation CreatePrompt($input: CreatePromptInput!) {\n    createPrompt(input: $input) {\n      ...PromptFields\n    }\n  }\n": typeof types.CreatePromptDocument,
    "\n  mutation DeletePrompt($id: ID!, $input: DeletePromptInput) {\n    deletePrompt(id: $id, input: $input)\n  }\n": typeof types.DeletePromptDocument,
    "\n  mutation GenerateStory($input: GenerateStoryInput!) {\n    generateStory(input: $input) {\n      ...StoryFields\n    }\n  }\n": typeof types.GenerateStoryDocument,
    "\n  query Prompt($id: ID!, $storiesFirst: Int, $storiesAfter: String) {\n    prompt(id: $id) {\n      ...PromptFields\n      stories(first: $storiesFirst, after: $storiesAfter) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...StoryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        streamCursor\n      }\n    }\n  }\n": typeof types.PromptDocument,
    "\n  query Prompts($first: Int, $after: String, $search: String) {\n    prompts(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...PromptFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": typeof types.PromptsDocument,
    "\n  subscription PromptEvents($after: String) {\n    promptEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      prompt {\n        ...PromptFields\n      }\n    }\n  }\n": typeof types.PromptEventsDocument,
    "\n  fragment PromptFields on Prompt {\n    id\n    title\n    content\n    genre\n    tone\n    createdAt\n    updatedAt\n    version\n  }\n": typeof types.PromptFieldsFragmentDoc,
    "\n  subscription StoryEvents($after: String, $promptId: ID) {\n    storyEvents(after: $after, promptId: $promptId) {\n      cursor\n      kind\n      id\n      version\n      story {\n        ...StoryFields\n      }\n    }\n  }\n": typeof types.StoryEventsDocument,
    "\n  fragment StoryFields on Story {\n    id\n    status\n    text\n    wordCount\n    maxWords\n    provider\n    error\n    createdAt\n    finishedAt\n    version\n  }\n": typeof types.StoryFieldsFragmentDoc,
    "\n  fragment StoryProgressFields on Story {\n    id\n    status\n    wordCount\n    error\n    finishedAt\n    version\n  }\n": typeof types.StoryProgressFieldsFragmentDoc,
    "\n  subscription StoryStream($storyId: ID!) {\n    storyStream(storyId: $storyId) {\n      storyId\n      index\n      delta\n      status\n      story {\n        ...StoryProgressFields\n      }\n    }\n  }\n": typeof types.StoryStreamDocument,
    "\n  mutation UpdatePrompt($id: ID!, $input: UpdatePromptInput!) {\n    updatePrompt(id: $id, input: $input) {\n      ...PromptFields\n    }\n  }\n": typeof types.UpdatePromptDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  mutation DeleteTask($id: ID!, $input: DeleteTaskInput) {\n    deleteTask(id: $id, input: $input)\n  }\n": typeof types.DeleteTaskDocument,
    "\n  query Tasks($first: Int, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TaskFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": typeof types.TasksDocument,
    "\n  mutation MoveTask($id: ID!, $input: MoveTaskInput!) {\n    moveTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n": typeof types.MoveTaskDocument,
    "\n  subscription TaskEvents($after: String) {\n    taskEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.TaskEventsDocument,
    "\n  fragment TaskFields on Task {\n    id\n    title\n    notes\n    done\n    dueAt\n    position\n    createdAt\n    updatedAt\n    version\n  }\n": typeof types.TaskFieldsFragmentDoc,
    "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n": typeof types.UpdateTaskDocument,
    "\n  mutation DeleteTweet($id: ID!) {\n    deleteTweet(id: $id)\n  }\n": typeof types.DeleteTweetDocument,
    "\n  query Tweets($first: Int, $after: String, $authorId: ID, $search: String) {\n    tweets(first: $first, after: $after, authorId: $authorId, search: $search) {\n      edges {\n        cursor\n        node {\n          ...TweetFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": typeof types.TweetsDocument,
    "\n  query UserByUsername($username: String!) {\n    userByUsername(username: $username) {\n      id\n      username\n      name\n      bio\n      avatarUrl\n      createdAt\n      version\n    }\n  }\n": typeof types.UserByUsernameDocument,
    "\n  mutation LikeTweet($id: ID!) {\n    likeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n": typeof types.LikeTweetDocument,
    "\n  mutation PostTweet($input: PostTweetInput!) {\n    postTweet(input: $input) {\n      ...TweetFields\n    }\n  }\n": typeof types.PostTweetDocument,
    "\n  subscription TweetEvents($after: String, $authorId: ID) {\n    tweetEvents(after: $after, authorId: $authorId) {\n      cursor\n      kind\n      type\n      id\n      version\n      actorId\n      tweet {\n        ...TweetPublicFields\n      }\n    }\n  }\n": typeof types.TweetEventsDocument,
    "\n  fragment TweetPublicFields on Tweet {\n    id\n    body\n    createdAt\n    version\n    likeCount\n    author {\n      id\n      username\n      name\n      avatarUrl\n      version\n    }\n  }\n": typeof types.TweetPublicFieldsFragmentDoc,
    "\n  fragment TweetFields on Tweet {\n    ...TweetPublicFields\n    likedByMe\n  }\n": typeof types.TweetFieldsFragmentDoc,
    "\n  mutation UnlikeTweet($id: ID!) {\n    unlikeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n": typeof types.UnlikeTweetDocument,
    "\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation RefreshToken($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  fragment ViewerFields on User {\n    id\n    username\n    name\n    email\n    phone\n    role\n    avatarUrl\n    bio\n    version\n    createdAt\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.MeDocument,
};
const documents: Documents = {
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": types.DeleteUserDocument,
    "\n  fragment AdminUserFields on User {\n    id\n    username\n    name\n    email\n    role\n    avatarUrl\n    createdAt\n    version\n  }\n": types.AdminUserFieldsFragmentDoc,
    "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...AdminUserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": types.UsersDocument,
    "\n  mutation SetUserRole($id: ID!, $input: SetUserRoleInput!) {\n    setUserRole(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n": types.SetUserRoleDocument,
    "\n  subscription AdminUserEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...AdminUserFields\n      }\n    }\n  }\n": types.AdminUserEventsDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation DeleteAccount($input: DeleteAccountInput!) {\n    deleteAccount(input: $input)\n  }\n": types.DeleteAccountDocument,
    "\n  fragment PublicProfileFields on User {\n    id\n    name\n    avatarUrl\n    bio\n    version\n  }\n": types.PublicProfileFieldsFragmentDoc,
    "\n  subscription ProfileEvents($after: String) {\n    profileEvents(after: $after) {\n      cursor\n      id\n      version\n      user {\n        ...PublicProfileFields\n      }\n    }\n  }\n": types.ProfileEventsDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      ...ViewerFields\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  subscription ViewerEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n": types.ViewerEventsDocument,
    "\n  mutation CancelStory($id: ID!) {\n    cancelStory(id: $id) {\n      ...StoryFields\n    }\n  }\n": types.CancelStoryDocument,
    "\n  mutation CreatePrompt($input: CreatePromptInput!) {\n    createPrompt(input: $input) {\n      ...PromptFields\n    }\n  }\n": types.CreatePromptDocument,
    "\n  mutation DeletePrompt($id: ID!, $input: DeletePromptInput) {\n    deletePrompt(id: $id, input: $input)\n  }\n": types.DeletePromptDocument,
    "\n  mutation GenerateStory($input: GenerateStoryInput!) {\n    generateStory(input: $input) {\n      ...StoryFields\n    }\n  }\n": types.GenerateStoryDocument,
    "\n  query Prompt($id: ID!, $storiesFirst: Int, $storiesAfter: String) {\n    prompt(id: $id) {\n      ...PromptFields\n      stories(first: $storiesFirst, after: $storiesAfter) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...StoryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        streamCursor\n      }\n    }\n  }\n": types.PromptDocument,
    "\n  query Prompts($first: Int, $after: String, $search: String) {\n    prompts(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...PromptFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": types.PromptsDocument,
    "\n  subscription PromptEvents($after: String) {\n    promptEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      prompt {\n        ...PromptFields\n      }\n    }\n  }\n": types.PromptEventsDocument,
    "\n  fragment PromptFields on Prompt {\n    id\n    title\n    content\n    genre\n    tone\n    createdAt\n    updatedAt\n    version\n  }\n": types.PromptFieldsFragmentDoc,
    "\n  subscription StoryEvents($after: String, $promptId: ID) {\n    storyEvents(after: $after, promptId: $promptId) {\n      cursor\n      kind\n      id\n      version\n      story {\n        ...StoryFields\n      }\n    }\n  }\n": types.StoryEventsDocument,
    "\n  fragment StoryFields on Story {\n    id\n    status\n    text\n    wordCount\n    maxWords\n    provider\n    error\n    createdAt\n    finishedAt\n    version\n  }\n": types.StoryFieldsFragmentDoc,
    "\n  fragment StoryProgressFields on Story {\n    id\n    status\n    wordCount\n    error\n    finishedAt\n    version\n  }\n": types.StoryProgressFieldsFragmentDoc,
    "\n  subscription StoryStream($storyId: ID!) {\n    storyStream(storyId: $storyId) {\n      storyId\n      index\n      delta\n      status\n      story {\n        ...StoryProgressFields\n      }\n    }\n  }\n": types.StoryStreamDocument,
    "\n  mutation UpdatePrompt($id: ID!, $input: UpdatePromptInput!) {\n    updatePrompt(id: $id, input: $input) {\n      ...PromptFields\n    }\n  }\n": types.UpdatePromptDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n": types.CreateTaskDocument,
    "\n  mutation DeleteTask($id: ID!, $input: DeleteTaskInput) {\n    deleteTask(id: $id, input: $input)\n  }\n": types.DeleteTaskDocument,
    "\n  query Tasks($first: Int, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TaskFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": types.TasksDocument,
    "\n  mutation MoveTask($id: ID!, $input: MoveTaskInput!) {\n    moveTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n": types.MoveTaskDocument,
    "\n  subscription TaskEvents($after: String) {\n    taskEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.TaskEventsDocument,
    "\n  fragment TaskFields on Task {\n    id\n    title\n    notes\n    done\n    dueAt\n    position\n    createdAt\n    updatedAt\n    version\n  }\n": types.TaskFieldsFragmentDoc,
    "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n": types.UpdateTaskDocument,
    "\n  mutation DeleteTweet($id: ID!) {\n    deleteTweet(id: $id)\n  }\n": types.DeleteTweetDocument,
    "\n  query Tweets($first: Int, $after: String, $authorId: ID, $search: String) {\n    tweets(first: $first, after: $after, authorId: $authorId, search: $search) {\n      edges {\n        cursor\n        node {\n          ...TweetFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n": types.TweetsDocument,
    "\n  query UserByUsername($username: String!) {\n    userByUsername(username: $username) {\n      id\n      username\n      name\n      bio\n      avatarUrl\n      createdAt\n      version\n    }\n  }\n": types.UserByUsernameDocument,
    "\n  mutation LikeTweet($id: ID!) {\n    likeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n": types.LikeTweetDocument,
    "\n  mutation PostTweet($input: PostTweetInput!) {\n    postTweet(input: $input) {\n      ...TweetFields\n    }\n  }\n": types.PostTweetDocument,
    "\n  subscription TweetEvents($after: String, $authorId: ID) {\n    tweetEvents(after: $after, authorId: $authorId) {\n      cursor\n      kind\n      type\n      id\n      version\n      actorId\n      tweet {\n        ...TweetPublicFields\n      }\n    }\n  }\n": types.TweetEventsDocument,
    "\n  fragment TweetPublicFields on Tweet {\n    id\n    body\n    createdAt\n    version\n    likeCount\n    author {\n      id\n      username\n      name\n      avatarUrl\n      version\n    }\n  }\n": types.TweetPublicFieldsFragmentDoc,
    "\n  fragment TweetFields on Tweet {\n    ...TweetPublicFields\n    likedByMe\n  }\n": types.TweetFieldsFragmentDoc,
    "\n  mutation UnlikeTweet($id: ID!) {\n    unlikeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n": types.UnlikeTweetDocument,
    "\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input)\n  }\n": types.LogoutDocument,
    "\n  mutation RefreshToken($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  fragment ViewerFields on User {\n    id\n    username\n    name\n    email\n    phone\n    role\n    avatarUrl\n    bio\n    version\n    createdAt\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.MeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminUserFields on User {\n    id\n    username\n    name\n    email\n    role\n    avatarUrl\n    createdAt\n    version\n  }\n"): (typeof documents)["\n  fragment AdminUserFields on User {\n    id\n    username\n    name\n    email\n    role\n    avatarUrl\n    createdAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...AdminUserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...AdminUserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRole($id: ID!, $input: SetUserRoleInput!) {\n    setUserRole(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserRole($id: ID!, $input: SetUserRoleInput!) {\n    setUserRole(id: $id, input: $input) {\n      ...AdminUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AdminUserEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...AdminUserFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AdminUserEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...AdminUserFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($input: DeleteAccountInput!) {\n    deleteAccount(input: $input)\n  }\n"): (typeof documents)["\n  mutation DeleteAccount($input: DeleteAccountInput!) {\n    deleteAccount(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PublicProfileFields on User {\n    id\n    name\n    avatarUrl\n    bio\n    version\n  }\n"): (typeof documents)["\n  fragment PublicProfileFields on User {\n    id\n    name\n    avatarUrl\n    bio\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProfileEvents($after: String) {\n    profileEvents(after: $after) {\n      cursor\n      id\n      version\n      user {\n        ...PublicProfileFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ProfileEvents($after: String) {\n    profileEvents(after: $after) {\n      cursor\n      id\n      version\n      user {\n        ...PublicProfileFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ViewerEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ViewerEvents($after: String) {\n    userEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      user {\n        ...ViewerFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelStory($id: ID!) {\n    cancelStory(id: $id) {\n      ...StoryFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelStory($id: ID!) {\n    cancelStory(id: $id) {\n      ...StoryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePrompt($input: CreatePromptInput!) {\n    createPrompt(input: $input) {\n      ...PromptFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePrompt($input: CreatePromptInput!) {\n    createPrompt(input: $input) {\n      ...PromptFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePrompt($id: ID!, $input: DeletePromptInput) {\n    deletePrompt(id: $id, input: $input)\n  }\n"): (typeof documents)["\n  mutation DeletePrompt($id: ID!, $input: DeletePromptInput) {\n    deletePrompt(id: $id, input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateStory($input: GenerateStoryInput!) {\n    generateStory(input: $input) {\n      ...StoryFields\n    }\n  }\n"): (typeof documents)["\n  mutation GenerateStory($input: GenerateStoryInput!) {\n    generateStory(input: $input) {\n      ...StoryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Prompt($id: ID!, $storiesFirst: Int, $storiesAfter: String) {\n    prompt(id: $id) {\n      ...PromptFields\n      stories(first: $storiesFirst, after: $storiesAfter) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...StoryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        streamCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Prompt($id: ID!, $storiesFirst: Int, $storiesAfter: String) {\n    prompt(id: $id) {\n      ...PromptFields\n      stories(first: $storiesFirst, after: $storiesAfter) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...StoryFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        streamCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Prompts($first: Int, $after: String, $search: String) {\n    prompts(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...PromptFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"): (typeof documents)["\n  query Prompts($first: Int, $after: String, $search: String) {\n    prompts(first: $first, after: $after, search: $search) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...PromptFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PromptEvents($after: String) {\n    promptEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      prompt {\n        ...PromptFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PromptEvents($after: String) {\n    promptEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      prompt {\n        ...PromptFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PromptFields on Prompt {\n    id\n    title\n    content\n    genre\n    tone\n    createdAt\n    updatedAt\n    version\n  }\n"): (typeof documents)["\n  fragment PromptFields on Prompt {\n    id\n    title\n    content\n    genre\n    tone\n    createdAt\n    updatedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StoryEvents($after: String, $promptId: ID) {\n    storyEvents(after: $after, promptId: $promptId) {\n      cursor\n      kind\n      id\n      version\n      story {\n        ...StoryFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription StoryEvents($after: String, $promptId: ID) {\n    storyEvents(after: $after, promptId: $promptId) {\n      cursor\n      kind\n      id\n      version\n      story {\n        ...StoryFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StoryFields on Story {\n    id\n    status\n    text\n    wordCount\n    maxWords\n    provider\n    error\n    createdAt\n    finishedAt\n    version\n  }\n"): (typeof documents)["\n  fragment StoryFields on Story {\n    id\n    status\n    text\n    wordCount\n    maxWords\n    provider\n    error\n    createdAt\n    finishedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StoryProgressFields on Story {\n    id\n    status\n    wordCount\n    error\n    finishedAt\n    version\n  }\n"): (typeof documents)["\n  fragment StoryProgressFields on Story {\n    id\n    status\n    wordCount\n    error\n    finishedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StoryStream($storyId: ID!) {\n    storyStream(storyId: $storyId) {\n      storyId\n      index\n      delta\n      status\n      story {\n        ...StoryProgressFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription StoryStream($storyId: ID!) {\n    storyStream(storyId: $storyId) {\n      storyId\n      index\n      delta\n      status\n      story {\n        ...StoryProgressFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePrompt($id: ID!, $input: UpdatePromptInput!) {\n    updatePrompt(id: $id, input: $input) {\n      ...PromptFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePrompt($id: ID!, $input: UpdatePromptInput!) {\n    updatePrompt(id: $id, input: $input) {\n      ...PromptFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTask($id: ID!, $input: DeleteTaskInput) {\n    deleteTask(id: $id, input: $input)\n  }\n"): (typeof documents)["\n  mutation DeleteTask($id: ID!, $input: DeleteTaskInput) {\n    deleteTask(id: $id, input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tasks($first: Int, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TaskFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"): (typeof documents)["\n  query Tasks($first: Int, $after: String, $filter: TaskFilter) {\n    tasks(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...TaskFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveTask($id: ID!, $input: MoveTaskInput!) {\n    moveTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation MoveTask($id: ID!, $input: MoveTaskInput!) {\n    moveTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskEvents($after: String) {\n    taskEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TaskEvents($after: String) {\n    taskEvents(after: $after) {\n      cursor\n      kind\n      id\n      version\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskFields on Task {\n    id\n    title\n    notes\n    done\n    dueAt\n    position\n    createdAt\n    updatedAt\n    version\n  }\n"): (typeof documents)["\n  fragment TaskFields on Task {\n    id\n    title\n    notes\n    done\n    dueAt\n    position\n    createdAt\n    updatedAt\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {\n    updateTask(id: $id, input: $input) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTweet($id: ID!) {\n    deleteTweet(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteTweet($id: ID!) {\n    deleteTweet(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tweets($first: Int, $after: String, $authorId: ID, $search: String) {\n    tweets(first: $first, after: $after, authorId: $authorId, search: $search) {\n      edges {\n        cursor\n        node {\n          ...TweetFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"): (typeof documents)["\n  query Tweets($first: Int, $after: String, $authorId: ID, $search: String) {\n    tweets(first: $first, after: $after, authorId: $authorId, search: $search) {\n      edges {\n        cursor\n        node {\n          ...TweetFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      streamCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserByUsername($username: String!) {\n    userByUsername(username: $username) {\n      id\n      username\n      name\n      bio\n      avatarUrl\n      createdAt\n      version\n    }\n  }\n"): (typeof documents)["\n  query UserByUsername($username: String!) {\n    userByUsername(username: $username) {\n      id\n      username\n      name\n      bio\n      avatarUrl\n      createdAt\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LikeTweet($id: ID!) {\n    likeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n"): (typeof documents)["\n  mutation LikeTweet($id: ID!) {\n    likeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostTweet($input: PostTweetInput!) {\n    postTweet(input: $input) {\n      ...TweetFields\n    }\n  }\n"): (typeof documents)["\n  mutation PostTweet($input: PostTweetInput!) {\n    postTweet(input: $input) {\n      ...TweetFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TweetEvents($after: String, $authorId: ID) {\n    tweetEvents(after: $after, authorId: $authorId) {\n      cursor\n      kind\n      type\n      id\n      version\n      actorId\n      tweet {\n        ...TweetPublicFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TweetEvents($after: String, $authorId: ID) {\n    tweetEvents(after: $after, authorId: $authorId) {\n      cursor\n      kind\n      type\n      id\n      version\n      actorId\n      tweet {\n        ...TweetPublicFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TweetPublicFields on Tweet {\n    id\n    body\n    createdAt\n    version\n    likeCount\n    author {\n      id\n      username\n      name\n      avatarUrl\n      version\n    }\n  }\n"): (typeof documents)["\n  fragment TweetPublicFields on Tweet {\n    id\n    body\n    createdAt\n    version\n    likeCount\n    author {\n      id\n      username\n      name\n      avatarUrl\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TweetFields on Tweet {\n    ...TweetPublicFields\n    likedByMe\n  }\n"): (typeof documents)["\n  fragment TweetFields on Tweet {\n    ...TweetPublicFields\n    likedByMe\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlikeTweet($id: ID!) {\n    unlikeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n"): (typeof documents)["\n  mutation UnlikeTweet($id: ID!) {\n    unlikeTweet(id: $id) {\n      ...TweetFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input)\n  }\n"): (typeof documents)["\n  mutation Logout($input: LogoutInput!) {\n    logout(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken($input: RefreshTokenInput!) {\n    refreshToken(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    username\n    name\n    email\n    phone\n    role\n    avatarUrl\n    bio\n    version\n    createdAt\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    username\n    name\n    email\n    phone\n    role\n    avatarUrl\n    bio\n    version\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;