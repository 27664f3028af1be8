import { sessionAggregate } from '../../auth/session-events.js';
import type { ChorusModule } from '../../context/chorus-module.js';
import { AccountResolver } from './account.resolver.js';
import { User } from './user.entity.js';
import { userAggregate } from './user.events.js';
import { UserResolver } from './user.resolver.js';

/** Accounts (sign-up, sign-in, sessions), profiles and the admin's user list. */
export const usersModule = {
  name: 'users',
  entities: [User],
  // Sessions are the accounts' sign-ins (auth/): their revocations are in the audit history too.
  aggregates: [userAggregate, sessionAggregate],
  resolvers: [AccountResolver, UserResolver],
  liveFields: [{ field: 'userEvents' }],
  viewerIndependentFields: ['id', 'username', 'name', 'role', 'avatarUrl', 'bio', 'createdAt', 'updatedAt', 'version'].map((field) => `User.${field}`),
} satisfies ChorusModule;
