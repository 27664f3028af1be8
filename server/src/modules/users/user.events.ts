import { defineAggregate } from '../../events/aggregate.js';
import { audience } from '../../events/event-writer.js';
import type { User } from './user.entity.js';

export const userAggregate = defineAggregate({
  name: 'User',
  events: {
    UserRegistered: 'CREATED',
    UserLoggedIn: 'UPDATED',
    UserProfileUpdated: 'UPDATED',
    PasswordChanged: 'UPDATED',
    UserRoleChanged: 'UPDATED',
    UserDeleted: 'DELETED',
  },
  // A changed name or picture is public (`profileEvents`); its email and phone stay hidden by the
  // User field resolvers, and `userEvents` keeps delivering only a member's own events.
  audience: (user: User, type) =>
    type === 'UserProfileUpdated' ? [audience.user(user.id), audience.admins, audience.public] : [audience.user(user.id), audience.admins],
  ownerId: (user) => user.id,
  /** What a user event carries: what the user and admins may read, never the password hash. */
  snapshot: (user) => ({
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    avatarUrl: user.avatarUrl,
    bio: user.bio,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    version: user.version,
  }),
});
