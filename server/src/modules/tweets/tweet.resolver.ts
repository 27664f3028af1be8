import { withStreamCursor } from '../../events/stream-cursor.js';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { SignedIn } from '../../auth/access.js';
import { changeEventSubscription } from '../../events/change-event-subscription.js';
import { ChangeEventType } from '../../events/change-event.type.js';
import { CurrentViewer } from '../../auth/current-viewer.js';
import type { Viewer } from '../../auth/viewer.js';
import type { StoredEvent } from '../../events/stored-event.js';
import { type ConnectionShape, ConnectionType } from '../../shared/pagination/index.js';
import { User } from '../users/user.entity.js';
import { loadUser } from '../users/api.js';
import { Tweet } from './tweet.entity.js';
import { tweetAggregate } from './tweet.events.js';
import { PostTweetInput, TweetsArgs } from './tweet.inputs.js';
import type { AuthorView, TweetView } from './tweet-feed.js';
import * as tweets from './tweet.service.js';

@ObjectType()
export class TweetConnection extends ConnectionType(Tweet, { streamed: true }) {}

@ObjectType()
export class TweetEvent extends ChangeEventType(Tweet, 'tweet') {}

/** What entities, event payloads and feed rows carry; feed rows bring their author and like too. */
type TweetNode = Pick<Tweet, 'id' | 'authorId'> & Partial<Pick<TweetView, 'joined'>>;

function authorFilter(authorId: string | null | undefined): ((event: StoredEvent) => boolean) | undefined {
  if (authorId == null) return undefined;
  const author = tweets.checkAuthorId(authorId);
  return (event) => event.ownerId === author;
}

const tweetChanges = changeEventSubscription<TweetEvent>(tweetAggregate, { matches: (args) => authorFilter(args.authorId as string | null) });

@Resolver(() => Tweet)
export class TweetResolver {
  @SignedIn()
  @Query(() => TweetConnection, { description: 'Newest first.' })
  tweets(@Args() args: TweetsArgs, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<ConnectionShape<TweetView>> {
    return withStreamCursor(context.app, () => tweets.listTweets(context.em, viewer.id, args));
  }

  @SignedIn()
  @Query(() => Tweet, { nullable: true })
  tweet(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<Tweet> {
    return tweets.findTweet(context.em, id);
  }

  @SignedIn()
  @Mutation(() => Tweet)
  postTweet(@Arg('input') input: PostTweetInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Tweet> {
    return tweets.postTweet(context.em, viewer, input, context);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Its author or an admin.' })
  deleteTweet(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<boolean> {
    return tweets.deleteTweet(context.em, viewer, id);
  }

  @SignedIn()
  @Mutation(() => Tweet, { description: 'Idempotent.' })
  likeTweet(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Tweet> {
    return tweets.changeLike(context.em, viewer.id, id, true, context);
  }

  @SignedIn()
  @Mutation(() => Tweet, { description: 'Idempotent.' })
  unlikeTweet(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Tweet> {
    return tweets.changeLike(context.em, viewer.id, id, false, context);
  }

  @SignedIn()
  @Subscription(() => TweetEvent, {
    description: "Every tweet event, or one author's; with `after`, first those since that cursor.",
    subscribe: tweetChanges.subscribe,
  })
  async tweetEvents(
    @Root() stored: StoredEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Arg('authorId', () => ID, { nullable: true }) _authorId: string | null,
    @Ctx() context: RequestContext,
  ): Promise<TweetEvent> {
    const event = tweetChanges.deliver(context, stored);
    // History outlives accounts: replaying a deleted author's tweet gives the event without its
    // tweet (the tweet went with the account), never an error at `tweet.author`.
    if (event.node && !(await loadUser(context, event.node.authorId))) event.node = null;
    return event;
  }

  @FieldResolver(() => User)
  async author(@Root() tweet: TweetNode, @Ctx() context: RequestContext): Promise<User | AuthorView> {
    if (tweet.joined) return tweet.joined.author;
    const author = await loadUser(context, tweet.authorId);
    if (!author) throw new Error(`author ${tweet.authorId} of tweet ${tweet.id} is missing`);
    return author;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer likes it.' })
  likedByMe(@Root() tweet: TweetNode, @Ctx() context: RequestContext): boolean | Promise<boolean> {
    if (tweet.joined) return tweet.joined.likedByMe;
    return tweets.likedByViewer(context, tweet.id);
  }
}
