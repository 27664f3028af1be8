import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword, verifyAgainstNothing, verifyPassword } from '../../auth/passwords.js';
import { beginLogin, limitByAccount, limitByIp, type RateLimiter, unknownAccount } from '../../auth/rate-limit.js';
import { RefreshSession } from '../../auth/refresh-session.entity.js';
import { revokeSessions } from '../../auth/session-events.js';
import { Role } from '../../auth/role.js';
import { hashRefreshToken, newRefreshToken, type TokenService } from '../../auth/tokens.js';
import type { Viewer } from '../../auth/viewer.js';
import { badInput, conflict, notFound, unauthenticated } from '../../shared/errors.js';
import { clientMutationIdRule } from '../../shared/client-mutations.js';
import { inTransaction } from '../../shared/transactions.js';
import { FieldErrors, normaliseEmail, normaliseUsername } from '../../shared/validation.js';
import { removeAvatarOf } from '../avatars/api.js';
import { removePromptsOf } from '../prompts/api.js';
import type { StoryRunner } from '../stories/api.js';
import { removeTasksOf } from '../tasks/api.js';
import { removeTweetsOf } from '../tweets/api.js';
import type { ChangePasswordInput, DeleteAccountInput, LoginInput, RefreshTokenInput, RegisterInput } from './account.inputs.js';
import { User } from './user.entity.js';
import { userAggregate } from './user.events.js';
import { rules } from './user.rules.js';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
  /** Who the rest of the response is read as: the user who just signed in (e.g. their own email). */
  viewer: Viewer;
  /** The `refresh_session` row `refreshToken` is kept as. */
  refreshSessionId: string;
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
async function openSession(tokens: TokenService, tx: EntityManager, user: User, family: string = randomUUID()): Promise<Session> {
  const { token, hash } = newRefreshToken();
  const now = new Date();
  const row = tx.create(RefreshSession, {
    user,
    family,
    tokenHash: hash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + tokens.refreshTtlSeconds * 1000),
  });
  const access = await tokens.issueAccessToken(user.id, family, now);
  const viewer: Viewer = { id: user.id, role: user.role, active: true, sessionId: family };
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: token, user, viewer, refreshSessionId: row.id };
}

export async function register(em: EntityManager, tokens: TokenService, limiter: RateLimiter, input: RegisterInput): Promise<Session> {
  await limitByIp(limiter, 'register');
  const errors = new FieldErrors();
  const username = rules.username(errors, input.username);
  const email = rules.email(errors, input.email);
  const password = rules.password(errors, input.password);
  const name = rules.name(errors, input.name);
  errors.throwIfAny();
  await limitByAccount(limiter, 'register', email);
  const taken = await em.findOne(User, { $or: [{ username }, { email }] }, { fields: ['username', 'email'] });
  if (taken) throw duplicateAccount(taken.email === email ? 'email' : 'username');
  const passwordHash = await hashPassword(password);
  return inTransaction(
    em,
    async (tx) => {
      const user = tx.create(User, { username, email, name, passwordHash, role: Role.USER });
      await tx.flush();
      await userAggregate.record(tx, 'UserRegistered', user, user.id);
      return openSession(tokens, tx, user);
    },
    { onDuplicate: duplicateAccount },
  );
}

/**
 * Every failure (no such account, a wrong password, a refusal by a failure limit) runs the same
 * statements and one password check, and gets one answer (docs/decisions/003).
 */
export async function login(em: EntityManager, tokens: TokenService, limiter: RateLimiter, input: LoginInput): Promise<Session> {
  await limitByIp(limiter, 'login');
  const identifier = input.usernameOrEmail.includes('@')
    ? { email: normaliseEmail(input.usernameOrEmail) }
    : { username: normaliseUsername(input.usernameOrEmail) };
  const user = await em.findOne(User, identifier);
  // Keyed by the account, so its username and email share one count.
  const attempt = await beginLogin(limiter, user?.id ?? unknownAccount(Object.values(identifier)[0]!));
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstNothing(input.password);
  if (!user || !valid || attempt.refused) throw unauthenticated(LOGIN_FAILED);
  await attempt.succeeded();
  return inTransaction(em, async (tx) => {
    const session = await openSession(tokens, tx, user);
    await tx.flush();
    await userAggregate.record(tx, 'UserLoggedIn', user, user.id);
    return session;
  });
}

/**
 * Rotates a refresh token. Presenting one that was already used revokes its whole family — except
 * a retry of the exchange that used it (the same `clientMutationId`) while the token that exchange
 * issued is still unused: the client never got the answer (a reload, a dropped connection), so it
 * gets a new successor and the first one is marked used, which keeps the theft check — whoever
 * presents the first successor later ends the family.
 */
export async function refreshSession(em: EntityManager, tokens: TokenService, limiter: RateLimiter, input: RefreshTokenInput): Promise<Session> {
  const errors = new FieldErrors();
  const exchangeId = clientMutationIdRule(errors, input.clientMutationId);
  errors.throwIfAny();
  await limitByIp(limiter, 'refresh');
  const invalid = () => unauthenticated('Refresh token is invalid or expired; sign in again');
  const known = await em.findOne(RefreshSession, { tokenHash: hashRefreshToken(input.refreshToken) }, { populate: ['user'] });
  if (!known?.isLive()) throw invalid();
  await limitByAccount(limiter, 'refresh', known.user.id);
  // Claim and successor in one transaction, under the token's row lock: of concurrent refreshes
  // with one token the first rotates it, and each later one finds it used only after the successor
  // committed — so revoking the family revokes the successor too. A failed attempt claims nothing.
  const outcome = await inTransaction(em, async (tx) => {
    const current = await tx.findOne(RefreshSession, { id: known.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!current || current.revokedAt) return 'invalid' as const;
    if (current.usedAt) {
      const unanswered = exchangeId !== null && current.exchangeId === exchangeId ? await unusedSuccessor(tx, current) : null;
      if (!unanswered) {
        await revokeSessions(tx, { family: current.family }, null);
        return 'reused' as const;
      }
      unanswered.usedAt = new Date();
    }
    current.usedAt ??= new Date();
    current.exchangeId = exchangeId;
    const successor = await openSession(tokens, tx, known.user, current.family);
    current.successorId = successor.refreshSessionId;
    return successor;
  });
  if (outcome === 'invalid') throw invalid();
  if (outcome === 'reused') throw unauthenticated('Refresh token was already used; every session it belonged to is signed out');
  return outcome;
}

/** The token `used`'s exchange issued, if nobody has used it yet (nor revoked or outlived it). */
async function unusedSuccessor(tx: EntityManager, used: RefreshSession): Promise<RefreshSession | null> {
  if (!used.successorId) return null;
  const successor = await tx.findOne(RefreshSession, { id: used.successorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return successor && !successor.usedAt && successor.isLive() ? successor : null;
}

/** `viewerId`: whoever is signed in, if anyone, recorded as the actor. */
export async function logout(em: EntityManager, viewerId: string | null, refreshToken: string): Promise<boolean> {
  const session = await em.findOne(RefreshSession, { tokenHash: hashRefreshToken(refreshToken) });
  if (session) await inTransaction(em, (tx) => revokeSessions(tx, { family: session.family }, viewerId));
  return true;
}

export async function changePassword(em: EntityManager, viewer: Viewer, input: ChangePasswordInput): Promise<boolean> {
  const currentSessionId = viewer.sessionId;
  const errors = new FieldErrors();
  const newPassword = rules.password(errors, input.newPassword, 'newPassword');
  errors.throwIfAny();
  const user = await em.findOneOrFail(User, { id: viewer.id });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw badInput({ currentPassword: 'is not your current password' }, 'Current password is wrong');
  }
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(em, async (tx) => {
    user.passwordHash = passwordHash;
    await tx.flush();
    await userAggregate.record(tx, 'PasswordChanged', user, user.id);
    // Every other sign-in ends; the one that made the change stays.
    await revokeSessions(tx, { userId: user.id, except: currentSessionId }, user.id);
  });
  return true;
}

export async function deleteAccount(em: EntityManager, viewer: Viewer, input: DeleteAccountInput, runner: StoryRunner): Promise<boolean> {
  const user = await em.findOneOrFail(User, { id: viewer.id });
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw badInput({ password: 'is not your password' }, 'Password is wrong');
  }
  await removeUser(em, viewer.id, user, runner);
  return true;
}

/**
 * Deletes an account and everything it owns, recording in the same transaction each change it
 * makes: its tasks, tweets, prompts and stories deleted, the tweets it liked unliked, and then,
 * last, `UserDeleted` — so a subscriber hears of the objects going before the user does.
 * `actorId`: who deletes it, recorded on the events; `runner`: this process's, whose writers of its
 * stories stop.
 */
export async function removeUser(em: EntityManager, actorId: string | null, user: User, runner: StoryRunner): Promise<void> {
  const stoppedStories = await inTransaction(em, async (tx) => {
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
  runner.discard(stoppedStories);
}

/** The last admin cannot leave the admin role (or the system), or nobody could manage it. */
export async function assertAnotherAdmin(tx: EntityManager, userId: string, action: 'delete' | 'demote'): Promise<void> {
  const admins: { id: string }[] = await tx.execute(`select id from users where role = 'ADMIN' for update`);
  if (!admins.some((admin) => admin.id !== userId)) {
    throw conflict(`Cannot ${action} the last admin; make another user an admin first`);
  }
}
