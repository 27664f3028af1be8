import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../auth/role.js';
import { badInput, notFound, staleVersion } from '../../shared/errors.js';
import { type PageArgs, paginate } from '../../shared/pagination/index.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, isEntityId, likePattern, normaliseUsername } from '../../shared/validation.js';
import { isUploadedAvatarPath, removeAvatarOf } from '../avatars/api.js';
import type { StoryRunner } from '../stories/api.js';
import { assertAnotherAdmin, duplicateAccount, removeUser } from './account.service.js';
import { User } from './user.entity.js';
import { userAggregate } from './user.events.js';
import type { SetUserRoleInput, UpdateProfileInput } from './user.inputs.js';
import { rules } from './user.rules.js';

export function listUsers(em: EntityManager, args: PageArgs & { search?: string | null }) {
  const search = args.search?.trim();
  // Same expression as the trigram index `users_search_trgm`, so the index serves it.
  const where = () => (search ? { [raw(`(username || ' ' || name)`)]: { $ilike: likePattern(search) } } : {});
  return paginate(em, User, where, args, { username: 'asc', id: 'asc' });
}

export async function findUser(em: EntityManager, id: string): Promise<User> {
  const user = isEntityId(id) ? await em.findOne(User, { id }) : null;
  if (!user) throw notFound('User');
  return user;
}

export async function findUserByUsername(em: EntityManager, username: string): Promise<User> {
  const user = await em.findOne(User, { username: normaliseUsername(username) });
  if (!user) throw notFound('User');
  return user;
}

export async function updateProfile(em: EntityManager, viewerId: string, input: UpdateProfileInput): Promise<User> {
  const errors = new FieldErrors();
  const changes: Partial<Pick<User, 'name' | 'email' | 'bio' | 'avatarUrl' | 'phone'>> = {};
  if (input.name != null) changes.name = rules.name(errors, input.name);
  if (input.email != null) changes.email = rules.email(errors, input.email);
  if (input.bio != null) changes.bio = rules.bio(errors, input.bio);
  if (input.avatarUrl !== undefined) changes.avatarUrl = input.avatarUrl === null ? null : rules.avatarUrl(errors, input.avatarUrl);
  if (input.phone !== undefined) changes.phone = input.phone === null ? null : rules.phone(errors, input.phone);
  errors.throwIfAny();
  return inTransaction(
    em,
    async (tx) => {
      const user = await tx.findOneOrFail(User, { id: viewerId });
      if (input.expectedVersion != null && input.expectedVersion !== user.version) throw staleVersion('Your profile', user.version);
      if (changes.avatarUrl !== undefined && changes.avatarUrl !== user.avatarUrl) {
        // Another member's uploaded image is theirs to keep or replace; pointing at it would break when they do.
        if (changes.avatarUrl && isUploadedAvatarPath(changes.avatarUrl)) throw badInput({ avatarUrl: 'must be an https URL' });
        await removeAvatarOf(tx, user.id);
      }
      tx.assign(user, changes);
      await tx.flush();
      await userAggregate.record(tx, 'UserProfileUpdated', user, viewerId);
      return user;
    },
    { onDuplicate: duplicateAccount, lastWriteWins: input.expectedVersion == null },
  );
}

export async function setUserRole(em: EntityManager, viewerId: string, id: string, input: SetUserRoleInput): Promise<User> {
  const found = await findUser(em, id);
  if (found.role === input.role) return found;
  // Read inside the transaction: a lost race re-runs on the row as it is now (no expectedVersion here).
  return inTransaction(
    em,
    async (tx) => {
      const user = await tx.findOneOrFail(User, { id: found.id }, { refresh: true });
      if (user.role === input.role) return user;
      if (user.role === Role.ADMIN) await assertAnotherAdmin(tx, user.id, 'demote');
      user.role = input.role;
      await tx.flush();
      await userAggregate.record(tx, 'UserRoleChanged', user, viewerId);
      return user;
    },
    { lastWriteWins: true },
  );
}

/** `runner`: this process's, whose writers of the account's stories stop. */
export async function deleteUser(em: EntityManager, viewerId: string, id: string, runner: StoryRunner): Promise<boolean> {
  await removeUser(em, viewerId, await findUser(em, id), runner);
  return true;
}
