import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../shared/errors.js';
import { inTransaction } from '../../shared/transactions.js';
import { User } from '../users/user.entity.js';
import { userAggregate } from '../users/api.js';
import { AvatarImage } from './avatar-image.entity.js';
import type { EncodedAvatar } from './avatar-image.js';

export const AVATAR_PATH_PREFIX = '/avatars/';
const SERVED_FILE = /^([A-Za-z0-9_-]{43})(-64)?\.webp$/;

/** Where an uploaded avatar is served: a path on this server, so a web client's own origin. */
export function avatarPath(hash: string): string {
  return `${AVATAR_PATH_PREFIX}${hash}.webp`;
}

/** The 64×64 version of an uploaded avatar's URL; any other URL as it is. */
export function smallAvatarUrl(avatarUrl: string): string {
  return isUploadedAvatarPath(avatarUrl) ? avatarUrl.replace(/\.webp$/, '-64.webp') : avatarUrl;
}

export function isUploadedAvatarPath(value: string): boolean {
  return value.startsWith(AVATAR_PATH_PREFIX) && SERVED_FILE.test(value.slice(AVATAR_PATH_PREFIX.length));
}

/**
 * Makes `encoded` the member's avatar: the previous upload goes, the profile points at the new
 * one, and `UserProfileUpdated` tells their other tabs and the admins — one transaction.
 */
export async function replaceAvatar(em: EntityManager, userId: string, encoded: EncodedAvatar): Promise<User> {
  return inTransaction(em, async (tx) => {
    // Locked, as an account deletion locks it: an upload racing the deletion waits, then finds no account.
    const user = await tx.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!user) throw notFound('User');
    await removeAvatarOf(tx, user.id);
    tx.create(AvatarImage, { user, hash: encoded.hash, large: encoded.large, small: encoded.small });
    user.avatarUrl = avatarPath(encoded.hash);
    await tx.flush();
    await userAggregate.record(tx, 'UserProfileUpdated', user, user.id);
    return user;
  });
}

/** Deletes a member's uploaded image, if any, inside the caller's transaction. */
export async function removeAvatarOf(tx: EntityManager, userId: string): Promise<void> {
  await tx.nativeDelete(AvatarImage, { user: userId });
}

/** The bytes behind a served file name, or null when no member has that image. */
export async function readAvatar(em: EntityManager, file: string): Promise<Buffer | null> {
  const match = SERVED_FILE.exec(file);
  if (!match) return null;
  const column = match[2] ? 'small' : 'large';
  const rows = await em.getConnection().execute<{ bytes: Buffer }[]>(`select ${column} as bytes from avatar_image where hash = ? limit 1`, [
    match[1],
  ]);
  return rows[0]?.bytes ?? null;
}
