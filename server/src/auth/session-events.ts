import type { EntityManager } from '@mikro-orm/postgresql';
import { audience, recordEvent } from '../events/event-writer.js';

export const SESSION_AGGREGATE = 'Session';
export const SESSION_REVOKED = 'SessionRevoked';

/** Which sign-ins to end: one family, or every family of a user but (optionally) one. */
export type SessionScope = { family: string } | { userId: string; except?: string | null };

/**
 * Ends sign-ins and records one `SessionRevoked` per ended family, in the caller's transaction.
 * The events are how every instance learns of it: each closes the sockets of those sessions
 * (viewer-registry.ts), so revocation needs no polling per socket.
 */
export async function revokeSessions(tx: EntityManager, scope: SessionScope, actorId: string | null): Promise<void> {
  const [condition, params] =
    'family' in scope
      ? ['family = ?', [scope.family]]
      : scope.except
        ? ['user_id = ? and family <> ?', [scope.userId, scope.except]]
        : ['user_id = ?', [scope.userId]];
  const ended: { family: string; user_id: string }[] = await tx.execute(
    `update refresh_session set revoked_at = now() where ${condition} and revoked_at is null returning family, user_id`,
    params,
  );
  const families = new Map(ended.map((row) => [row.family, row.user_id]));
  for (const [family, userId] of families) {
    await recordEvent(tx, {
      type: SESSION_REVOKED,
      aggregateType: SESSION_AGGREGATE,
      aggregateId: family,
      aggregateVersion: 0,
      kind: 'DELETED',
      actorId,
      ownerId: userId,
      // In the owner's audit history; no stream carries Session events.
      audience: [audience.user(userId), audience.admins],
      payload: { sessionId: family, userId },
    });
  }
}
