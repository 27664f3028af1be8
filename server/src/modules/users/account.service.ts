import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../context/request-context.js';
import { requireViewer } from '../../auth/auth-checker.js';
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../../auth/passwords.js';
import { beginLogin, limitByAccount, limitByIp, unknownAccount } from '../../auth/rate-limit.js';
import { RefreshSession } from '../../auth/refresh-session.entity.js';
import { revokeSessions } from '../../auth/session-events.js';
import { Role } from '../../auth/role.js';
import { hashRefreshToken, newRefreshToken } from '../../auth/tokens.js';
import { badInput, conflict, notFound, unauthenticated } from '../../shared/errors.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, normaliseEmail, normaliseUsername } from '../../shared/validation.js';
import { removeAvatarOf } from '../avatars/api.js';
import { removePromptsOf } from '../prompts/api.js';
import { discardStories } from '../stories/api.js';
import { removeTasksOf } from '../tasks/api.js';
import { removeTweetsOf } from '../tweets/api.js';
import type { ChangePasswordInput, DeleteAccountInput, LoginInput, RegisterInput } from './account.inputs.js';
import { User } from './user.entity.js';
import { userAggregate } from './user.events.js';
import { rules } from './user.rules.js';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
}

/**
 * Every failed login's answer, including one refused by a failure limit: an owner who is refused
 * learns why it may be, and nobody learns more.
 */
const LOGIN_FAILED = 'Invalid username, email or password (after repeated failures, sign-in pauses for a while)';

export function duplicateAccount(constraint: string): Error {
  if (constraint.includes('email')) return conflict('That email is already registered');
  return conflict('That username is taken');
}

/** Issues a refresh token in `family` (a new family per sign-in) and a matching access token. */
async function openSession(context: RequestContext, tx: EntityManager, user: User, family: string = randomUUID()): Promise<Session> {
  const { token, hash } = newRefreshToken();
  const now = new Date();
  tx.create(RefreshSession, {
    user,
    family,
    tokenHash: hash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + context.app.tokens.refreshTtlSeconds * 1000),
  });
  const access = await context.app.tokens.issueAccessToken(user.id, family, now);
  // The rest of this response is read as the user who just signed in (e.g. their own email).
  context.viewer = { id: user.id, role: user.role, active: true, sessionId: family };
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: token, user };
}

export async function register(context: RequestContext, input: RegisterInput): Promise<Session> {
  await limitByIp(context, 'register');
  const errors = new FieldErrors();
  const username = rules.username(errors, input.username);
  const email = rules.email(errors, input.email);
  const password = rules.password(errors, input.password);
  const name = rules.name(errors, input.name);
  errors.throwIfAny();
  await limitByAccount(context, 'register', email);
  const em = context.em;
  const taken = await em.findOne(User, { $or: [{ username }, { email }] }, { fields: ['username', 'email'] });
  if (taken) throw duplicateAccount(taken.email === email ? 'email' : 'username');
  const passwordHash = await hashPassword(password);
  return inTransaction(
    em,
    async (tx) => {
      const user = tx.create(User, { username, email, name, passwordHash, role: Role.USER });
      await tx.flush();
      await userAggregate.record(tx, 'UserRegistered', user, user.id);
      return openSession(context, tx, user);
    },
    { onDuplicate: duplicateAccount },
  );
}

/**
 * Every failure (no such account, a wrong password, a refusal by a failure limit) runs the same
 * statements and one password check, and gets one answer (docs/decisions/003).
 */
export async function login(context: RequestContext, input: LoginInput): Promise<Session> {
  await limitByIp(context, 'login');
  const identifier = input.usernameOrEmail.includes('@')
    ? { email: normaliseEmail(input.usernameOrEmail) }
    : { username: normaliseUsername(input.usernameOrEmail) };
  const user = await context.em.findOne(User, identifier);
  // Keyed by the account, so its username and email share one count.
  const attempt = await beginLogin(context, user?.id ?? unknownAccount(Object.values(identifier)[0]!));
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstNothing(input.password);
  if (!user || !valid || attempt.refused) throw unauthenticated(LOGIN_FAILED);
  await attempt.succeeded();
  return inTransaction(context.em, async (tx) => {
    const session = await openSession(context, tx, user);
    await tx.flush();
    await userAggregate.record(tx, 'UserLoggedIn', user, user.id);
    return session;
  });
}

/** Rotates a refresh token. Presenting one that was already used revokes its whole family. */
export async function refreshSession(context: RequestContext, refreshToken: string): Promise<Session> {
  await limitByIp(context, 'refresh');
  const invalid = () => unauthenticated('Refresh token is invalid or expired; sign in again');
  const known = await context.em.findOne(RefreshSession, { tokenHash: hashRefreshToken(refreshToken) }, { populate: ['user'] });
  if (!known || known.revokedAt || known.expiresAt <= new Date()) throw invalid();
  await limitByAccount(context, 'refresh', known.user.id);
  // Claim and successor in one transaction, under the token's row lock: of concurrent refreshes
  // with one token the first rotates it, and each later one finds it used only after the successor
  // committed — so revoking the family revokes the successor too. A failed attempt claims nothing.
  const outcome = await inTransaction(context.em, async (tx) => {
    const current = await tx.findOne(RefreshSession, { id: known.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!current || current.revokedAt) return 'invalid' as const;
    if (current.usedAt) {
      await revokeSessions(tx, { family: current.family }, null);
      return 'reused' as const;
    }
    current.usedAt = new Date();
    return openSession(context, tx, known.user, current.family);
  });
  if (outcome === 'invalid') throw invalid();
  if (outcome === 'reused') throw unauthenticated('Refresh token was already used; every session it belonged to is signed out');
  return outcome;
}

export async function logout(context: RequestContext, refreshToken: string): Promise<boolean> {
  const session = await context.em.findOne(RefreshSession, { tokenHash: hashRefreshToken(refreshToken) });
  if (session) await inTransaction(context.em, (tx) => revokeSessions(tx, { family: session.family }, context.viewer?.id ?? null));
  return true;
}

export async function changePassword(context: RequestContext, input: ChangePasswordInput): Promise<boolean> {
  const viewer = requireViewer(context);
  const currentSessionId = viewer.sessionId;
  const errors = new FieldErrors();
  const newPassword = rules.password(errors, input.newPassword, 'newPassword');
  errors.throwIfAny();
  const user = await context.em.findOneOrFail(User, { id: viewer.id });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw badInput({ currentPassword: 'is not your current password' }, 'Current password is wrong');
  }
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(context.em, async (tx) => {
    user.passwordHash = passwordHash;
    await tx.flush();
    await userAggregate.record(tx, 'PasswordChanged', user, user.id);
    // Every other sign-in ends; the one that made the change stays.
    await revokeSessions(tx, { userId: user.id, except: currentSessionId }, user.id);
  });
  return true;
}

export async function deleteAccount(context: RequestContext, input: DeleteAccountInput): Promise<boolean> {
  const viewer = requireViewer(context);
  const user = await context.em.findOneOrFail(User, { id: viewer.id });
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw badInput({ password: 'is not your password' }, 'Password is wrong');
  }
  await removeUser(context, user);
  return true;
}

/**
 * Deletes an account and everything it owns, recording in the same transaction each change it
 * makes: its tasks, tweets, prompts and stories deleted, the tweets it liked unliked, and then,
 * last, `UserDeleted` — so a subscriber hears of the objects going before the user does.
 */
export async function removeUser(context: RequestContext, user: User): Promise<void> {
  const actorId = context.viewer?.id ?? null;
  const stoppedStories = await inTransaction(context.em, async (tx) => {
    if (user.role === Role.ADMIN) await assertAnotherAdmin(tx, user.id, 'delete');
    // Locked: nothing new can reference the account until it is gone (a new row's foreign-key
    // check waits on this lock, then fails), so every row deleted below has its event. Read
    // again, so that `UserDeleted` carries the version being deleted.
    const current = await tx.findOne(User, { id: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!current) throw notFound('User');
    await removeTasksOf(tx, current.id, actorId);
    await removeTweetsOf(tx, current.id, actorId);
    const stopped = await removePromptsOf(tx, current.id, actorId);
    await removeAvatarOf(tx, current.id);
    await userAggregate.record(tx, 'UserDeleted', current, actorId);
    // Its sign-in sessions go by foreign key; they are not objects with events.
    await tx.nativeDelete(User, { id: current.id });
    return stopped;
  });
  discardStories(context.app, stoppedStories);
}

/** The last admin cannot leave the admin role (or the system), or nobody could manage it. */
export async function assertAnotherAdmin(tx: EntityManager, userId: string, action: 'delete' | 'demote'): Promise<void> {
  const admins: { id: string }[] = await tx.execute(`select id from users where role = 'ADMIN' for update`);
  if (!admins.some((admin) => admin.id !== userId)) {
    throw conflict(`Cannot ${action} the last admin; make another user an admin first`);
  }
}
