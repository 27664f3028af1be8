import type { EntityManager } from '@mikro-orm/postgresql';
import { audience, type ChangeKind, recordEvent } from '../../events/event-writer.js';
import type { User } from './user.entity.js';

export const USER_AGGREGATE = 'User';

export type UserEventType =
  | 'UserRegistered'
  | 'UserLoggedIn'
  | 'UserProfileUpdated'
  | 'PasswordChanged'
  | 'UserRoleChanged'
  | 'UserDeleted';

/** What a user event carries: what the user and admins may read, never the password hash. */
export function userSnapshot(user: User) {
  return {
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
  };
}

const KIND: Record<UserEventType, ChangeKind> = {
  UserRegistered: 'CREATED',
  UserLoggedIn: 'UPDATED',
  UserProfileUpdated: 'UPDATED',
  PasswordChanged: 'UPDATED',
  UserRoleChanged: 'UPDATED',
  UserDeleted: 'DELETED',
};

export function recordUserEvent(tx: EntityManager, type: UserEventType, user: User, actorId: string | null) {
  return recordEvent(tx, {
    type,
    aggregateType: USER_AGGREGATE,
    aggregateId: user.id,
    aggregateVersion: user.version,
    kind: KIND[type],
    actorId,
    ownerId: user.id,
    // A changed name or picture is public (`profileEvents`); its email and phone stay hidden by the
    // User field resolvers, and `userEvents` keeps delivering only a member's own events.
    audience: type === 'UserProfileUpdated' ? [audience.user(user.id), audience.admins, audience.public] : [audience.user(user.id), audience.admins],
    payload: userSnapshot(user),
  });
}
