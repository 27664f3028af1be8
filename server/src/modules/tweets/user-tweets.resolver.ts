import { withStreamCursor } from '../../events/stream-cursor.js';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { type ConnectionShape, PageArgs } from '../../shared/pagination/index.js';
import { User } from '../users/user.entity.js';
import { TweetConnection } from './tweet.resolver.js';
import type { TweetView } from './tweet-feed.js';
import * as tweets from './tweet.service.js';

/** `User.tweets`: lives with the tweets, which it reads; works on any object with the user's `id`. */
@Resolver(() => User)
export class UserTweetsResolver {
  @FieldResolver(() => TweetConnection, { description: 'Their tweets, newest first.' })
  tweets(@Root() user: Pick<User, 'id'>, @Args() args: PageArgs, @Ctx() context: RequestContext): Promise<ConnectionShape<TweetView>> {
    return withStreamCursor(context.app, () => tweets.listTweetsBy(context.em, context.viewer?.id ?? null, user.id, args));
  }
}
