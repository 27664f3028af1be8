import { withStreamCursor } from '../../events/stream-cursor.js';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { AdminOnly, SignedIn } from '../../auth/access.js';
import { CurrentViewer } from '../../auth/current-viewer.js';
import type { Viewer } from '../../auth/viewer.js';
import { Role } from '../../auth/role.js';
import { changeEventSubscription } from '../../events/change-event-subscription.js';
import { ChangeEventType } from '../../events/change-event.type.js';
import type { StoredEvent } from '../../events/stored-event.js';
import { ConnectionType, type ConnectionShape, PageArgs } from '../../shared/pagination/index.js';
import { User } from './user.entity.js';
import { userAggregate } from './user.events.js';
import { SetUserRoleInput, UpdateProfileInput } from './user.inputs.js';
import * as users from './user.service.js';
import { storyRunner } from '../stories/api.js';

@ObjectType()
export class UserConnection extends ConnectionType(User, { streamed: true }) {}

@ObjectType()
export class UserEvent extends ChangeEventType(User, 'user') {}

@ArgsType()
class UsersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Matches username or name, anywhere, ignoring case.' })
  search?: string | null;
}

/** Who may see a member's private fields (email, phone): the member and admins. */
function isSelfOrAdmin(context: RequestContext, user: Pick<User, 'id'>): boolean {
  const viewer = context.viewer;
  return viewer !== null && (viewer.id === user.id || viewer.role === Role.ADMIN);
}

const userChanges = changeEventSubscription<UserEvent>(userAggregate, {
  // Asked at every event: a demoted admin stops receiving others' events.
  matches: (_args, context) => (event) => isSelfOrAdmin(context, { id: event.aggregateId }),
});

const profileChanges = changeEventSubscription<UserEvent>(userAggregate, {
  matches: () => (event) => event.type === 'UserProfileUpdated',
});

@Resolver(() => User)
export class UserResolver {
  @SignedIn()
  @Query(() => UserConnection)
  users(@Args() args: UsersArgs, @Ctx() context: RequestContext): Promise<ConnectionShape<User>> {
    return withStreamCursor(context.app, () => users.listUsers(context.em, args));
  }

  @SignedIn()
  @Query(() => User, { nullable: true })
  user(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<User> {
    return users.findUser(context.em, id);
  }

  @SignedIn()
  @Query(() => User, { nullable: true })
  userByUsername(@Arg('username') username: string, @Ctx() context: RequestContext): Promise<User> {
    return users.findUserByUsername(context.em, username);
  }

  @SignedIn()
  @Mutation(() => User)
  updateProfile(@Arg('input') input: UpdateProfileInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<User> {
    return users.updateProfile(context.em, viewer.id, input);
  }

  @AdminOnly()
  @Mutation(() => User)
  setUserRole(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: SetUserRoleInput,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: RequestContext,
  ): Promise<User> {
    return users.setUserRole(context.em, viewer.id, id, input);
  }

  @AdminOnly()
  @Mutation(() => Boolean)
  deleteUser(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<boolean> {
    return users.deleteUser(context.em, viewer.id, id, storyRunner(context.app));
  }

  @SignedIn()
  @Subscription(() => UserEvent, {
    description: 'Admins receive every user event; everyone else only their own.',
    subscribe: userChanges.subscribe,
  })
  userEvents(
    @Root() event: StoredEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Ctx() context: RequestContext,
  ): UserEvent {
    return userChanges.deliver(context, event);
  }

  @SignedIn()
  @Subscription(() => UserEvent, {
    description:
      "Every member's public profile changes (name, picture, bio: `UserProfileUpdated`), so their tweets and pages stay current; email and phone stay null unless they are yours or you are an admin.",
    subscribe: profileChanges.subscribe,
  })
  profileEvents(
    @Root() event: StoredEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Ctx() context: RequestContext,
  ): UserEvent {
    return profileChanges.deliver(context, event);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Visible to the user themself and to admins; null to everyone else.' })
  email(@Root() user: User, @Ctx() context: RequestContext): string | null {
    return isSelfOrAdmin(context, user) ? user.email : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'E.164. Visible to the user themself and to admins; null to everyone else.' })
  phone(@Root() user: User, @Ctx() context: RequestContext): string | null {
    // `?? null`: an event recorded before phones existed has no such key.
    return isSelfOrAdmin(context, user) ? (user.phone ?? null) : null;
  }
}
