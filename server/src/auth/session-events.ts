import type { EntityManager } from '@mikro-orm/postgresql';
import { defineAggregate } from '../events/aggregate.js';
import { audience } from '../events/event-writer.js';

/** A sign-in (refresh-token family, `id`); its one event ends it. Listed in the users module's descriptor. */
export const sessionAggregate = defineAggregate({
  name: 'Session',
  events: { SessionRevoked: 'DELETED' },
  // In the owner's audit history; no stream carries Session events.
  audience: (session: { id: string; userId: string }) => [audience.user(session.userId), audience.admins],
  ownerId: (session) => session.userId,
  snapshot: (session) => ({ sessionId: session.id, userId: session.userId }),
  // A sign-in has no versions: recorded as 0, stored as 1 (a DELETED event takes the next one).
  version: () => 0,
});

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
    await sessionAggregate.record(tx, SESSION_REVOKED, { id: family, userId }, actorId);
  }
}
