import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { hashPassword } from '../auth/passwords.js';
import { Role } from '../auth/role.js';
import { userAggregate } from '../modules/users/user.events.js';
import { User } from '../modules/users/user.entity.js';
import { rules } from '../modules/users/user.rules.js';
import { FieldErrors } from '../shared/validation.js';

export interface AccountSpec {
  username: string;
  email: string;
  password: string;
  name: string;
  role: Role;
}

/**
 * Creates the account, or brings an existing one (same username) to the given role. Uses the same
 * validation and event writing as the API, so scripts never bypass the rules.
 */
export async function ensureAccount(orm: MikroORM, spec: AccountSpec): Promise<{ user: User; created: boolean }> {
  const errors = new FieldErrors();
  const username = rules.username(errors, spec.username);
  const email = rules.email(errors, spec.email);
  const password = rules.password(errors, spec.password);
  const name = rules.name(errors, spec.name);
  try {
    errors.throwIfAny();
  } catch (error) {
    const fields = (error as GraphQLError).extensions?.fields as Record<string, string>;
    throw new Error(Object.entries(fields).map(([field, message]) => `${field} ${message}`).join('; '));
  }
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const existing = await tx.findOne(User, { username });
    if (existing) {
      if (existing.role !== spec.role) {
        existing.role = spec.role;
        await tx.flush();
        await userAggregate.record(tx, 'UserRoleChanged', existing, null);
      }
      return { user: existing, created: false };
    }
    const user = tx.create(User, { username, email, name, passwordHash: await hashPassword(password), role: spec.role });
    await tx.flush();
    await userAggregate.record(tx, 'UserRegistered', user, null);
    return { user, created: true };
  });
}

export { Role };
