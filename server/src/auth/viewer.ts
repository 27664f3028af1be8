import type { AppServices, Viewer } from '../app/context.js';
import type { Role } from './role.js';

export interface AuthenticatedViewer {
  viewer: Viewer;
  expiresAt: Date;
}

/**
 * Turns an access token into the current viewer, in one statement: the account must still exist
 * and its sign-in must not be revoked (logout, password change, refresh-token reuse).
 */
export async function viewerFromToken(app: AppServices, token: string | null): Promise<AuthenticatedViewer | null> {
  if (!token) return null;
  const claims = await app.tokens.verifyAccessToken(token);
  if (!claims) return null;
  const rows: { id: string; role: Role }[] = await app.orm.em.getConnection().execute(
    `select u.id, u.role from users u
     where u.id = ? and exists (select 1 from refresh_session s where s.family = ? and s.user_id = u.id and s.revoked_at is null)`,
    [claims.userId, claims.sessionId],
  );
  const row = rows[0];
  if (!row) return null;
  return { viewer: { id: row.id, role: row.role, active: true, sessionId: claims.sessionId }, expiresAt: claims.expiresAt };
}
