import type { ChorusModule } from '../../context/chorus-module.js';
import { AccountResolver } from './account.resolver.js';
import { User } from './user.entity.js';
import { UserResolver } from './user.resolver.js';

/** Accounts (sign-up, sign-in, sessions), profiles and the admin's user list. */
export const usersModule: ChorusModule = {
  name: 'users',
  entities: [User],
  resolvers: [AccountResolver, UserResolver],
  liveFields: [{ field: 'userEvents' }],
  viewerIndependentFields: ['id', 'username', 'name', 'role', 'avatarUrl', 'bio', 'createdAt', 'updatedAt', 'version'].map((field) => `User.${field}`),
};
