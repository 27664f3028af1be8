import type { MikroORM } from '@mikro-orm/postgresql';
import type { NewDomainEvent } from '../events/event-writer.js';
import type { Role } from './role.js';
import { SESSION_REVOKED, sessionAggregate } from './session-events.js';
import type { TokenService } from './tokens.js';

/** Who is asking. `role` is kept current on long-lived sockets by the viewer registry. */
export interface Viewer {
  id: string;
  role: Role;
  /** False once the account is deleted; subscriptions then end. */
  active: boolean;
  /** The sign-in (refresh-token family) the access token belongs to. */
  sessionId: string | null;
}

export interface AuthenticatedViewer {
  viewer: Viewer;
  expiresAt: Date;
}

/**
 * The aggregate types whose events change who a viewer is (`ViewerCache.apply`, the viewer
 * registry's): every instance reads them as soon as they are announced, subscribers or not.
 */
export const VIEWER_EVENT_TYPES = [sessionAggregate.name, 'User'] as const;

/** What the cache reads of an event: a recorded one (after commit) or a stored one (from the relay). */
export type ViewerChange = Pick<NewDomainEvent, 'type' | 'aggregateType' | 'aggregateId' | 'kind' | 'ownerId' | 'payload'>;

interface CachedSignIn {
  userId: string;
  role: Role;
  sessionId: string;
  expiresAtMs: number;
}

/**
 * Access tokens already checked against the database, until they expire or the events say the
 * sign-in ended: a signed-in request then pays neither the JWT verification nor the session query
 * (bench W2). Kept current by the same events that close sockets (viewer-registry.ts): on the
 * instance that revoked, synchronously when the revoking transaction commits (`apply` from the
 * after-commit hook); on the others, when their relay reads the event (docs/decisions/022).
 */
export class ViewerCache {
  /** By token; Maps iterate in insertion order, so the first entry is the least recently used. */
  private readonly byToken = new Map<string, CachedSignIn>();
  private readonly tokensByUser = new Map<string, Set<string>>();
  /**
   * Bumped by every event that ends sign-ins or changes a role. A lookup that began before one may have read the row before
   * the revocation committed: it answers its own request (as it would without a cache) but is not kept.
   */
  private generation = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.byToken.size;
  }

  get(token: string, now = Date.now()): AuthenticatedViewer | null {
    const entry = this.byToken.get(token);
    if (!entry) return null;
    if (entry.expiresAtMs <= now) {
      this.forget(token, entry);
      return null;
    }
    // Most recently used last.
    this.byToken.delete(token);
    this.byToken.set(token, entry);
    // A fresh Viewer each time: the viewer registry changes a socket's viewer in place, and keys by it.
    return {
      viewer: { id: entry.userId, role: entry.role, active: true, sessionId: entry.sessionId },
      expiresAt: new Date(entry.expiresAtMs),
    };
  }

  /** Where a lookup starts; pass it to `set` so a lookup overtaken by an eviction is not kept. */
  get currentGeneration(): number {
    return this.generation;
  }

  set(token: string, signIn: AuthenticatedViewer, startedAt: number): void {
    if (startedAt !== this.generation || !signIn.viewer.sessionId) return;
    const existing = this.byToken.get(token);
    if (existing) this.forget(token, existing);
    const entry: CachedSignIn = {
      userId: signIn.viewer.id,
      role: signIn.viewer.role,
      sessionId: signIn.viewer.sessionId,
      expiresAtMs: signIn.expiresAt.getTime(),
    };
    this.byToken.set(token, entry);
    let tokens = this.tokensByUser.get(entry.userId);
    if (!tokens) this.tokensByUser.set(entry.userId, (tokens = new Set()));
    tokens.add(token);
    for (const [oldest, oldestEntry] of this.byToken) {
      if (this.byToken.size <= this.maxEntries) break;
      this.forget(oldest, oldestEntry);
    }
  }

  /** Drops what an event ends: a revoked sign-in, a deleted account, a changed role. */
  apply(event: ViewerChange): void {
    if (event.aggregateType === sessionAggregate.name && event.type === SESSION_REVOKED) {
      this.generation++;
      this.evict(event.ownerId, (entry) => entry.sessionId === event.aggregateId);
    } else if (event.aggregateType === 'User') {
      if (event.kind === 'DELETED' || event.type === 'UserRoleChanged') {
        this.generation++;
        this.evict(event.aggregateId, () => true);
      } else if (typeof event.payload.role === 'string') {
        // Every user event carries the role; only UserRoleChanged changes it, this is a safety net.
        this.evict(event.aggregateId, (entry) => entry.role !== event.payload.role);
      }
    }
  }

  private evict(userId: string | null, which: (entry: CachedSignIn) => boolean): void {
    const tokens = userId ? this.tokensByUser.get(userId) : undefined;
    for (const token of tokens ?? []) {
      const entry = this.byToken.get(token)!;
      if (which(entry)) this.forget(token, entry);
    }
  }

  private forget(token: string, entry: CachedSignIn): void {
    this.byToken.delete(token);
    const tokens = this.tokensByUser.get(entry.userId);
    tokens?.delete(token);
    if (tokens?.size === 0) this.tokensByUser.delete(entry.userId);
  }
}

/**
 * Turns an access token into the current viewer: the account must still exist and its sign-in must
 * not be revoked (logout, password change, refresh-token reuse). Checked in one statement, then
 * served from `app.viewerCache` until the token expires or an event ends the sign-in.
 */
export async function viewerFromToken(app: { viewerCache: ViewerCache; tokens: TokenService; orm: MikroORM }, token: string | null): Promise<AuthenticatedViewer | null> {
  if (!token) return null;
  const cached = app.viewerCache.get(token);
  if (cached) return cached;
  const startedAt = app.viewerCache.currentGeneration;
  const claims = await app.tokens.verifyAccessToken(token);
  if (!claims) return null;
  const rows: { id: string; role: Role }[] = await app.orm.em.getConnection().execute(
    `select u.id, u.role from users u
     where u.id = ? and exists (select 1 from refresh_session s where s.family = ? and s.user_id = u.id and s.revoked_at is null)`,
    [claims.userId, claims.sessionId],
  );
  const row = rows[0];
  if (!row) return null;
  const signIn = { viewer: { id: row.id, role: row.role, active: true, sessionId: claims.sessionId }, expiresAt: claims.expiresAt };
  app.viewerCache.set(token, signIn, startedAt);
  return { viewer: { ...signIn.viewer }, expiresAt: signIn.expiresAt };
}
