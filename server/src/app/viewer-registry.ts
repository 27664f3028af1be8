import { CloseCode } from 'graphql-ws';
import type { Viewer } from '../auth/viewer.js';
import type { StoredEvent } from '../events/stored-event.js';
import type { Role } from '../auth/role.js';
import { SESSION_REVOKED, sessionAggregate } from '../auth/session-events.js';

/** Closes one socket; the registry uses 4403 (sign-in ended) and the socket cap's code. */
export type CloseSocket = (code: number, reason: string) => void;

/** graphql-ws treats 4429 as final: the evicted tab stops instead of reconnecting and evicting another. */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4429;

/**
 * The viewers of this process's open signed-in sockets (one each), by user id, kept current by the
 * event log: a revoked sign-in, a deleted account or a changed role closes the sockets concerned
 * with 4403 (the client refreshes if it still can, and resumes from its cursors under what it may
 * see now). Every instance reads the same log, so this reaches every instance without polling.
 * It also caps the sockets one user holds here: the newest wins and the oldest is evicted — a user
 * opening one more tab gets a working tab, and an abandoned socket is what goes.
 */
export class ViewerRegistry {
  // Maps iterate in insertion order, so a user's first entry is their oldest socket.
  private readonly byUser = new Map<string, Map<Viewer, CloseSocket>>();
  /**
   * Sign-ins this process saw revoked, until their access tokens have expired: a socket whose
   * token was checked just before the revocation committed may register just after it was applied.
   */
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly maxPerUser: number,
    private readonly accessTtlMs: number,
  ) {}

  /**
   * Registers a socket's viewer; `close` closes that socket. Returns the unregistration, or null
   * when the viewer's sign-in has already been revoked (the caller refuses the socket).
   */
  add(viewer: Viewer, close: CloseSocket): (() => void) | null {
    if (viewer.sessionId && this.revoked.has(viewer.sessionId)) return null;
    let viewers = this.byUser.get(viewer.id);
    if (!viewers) this.byUser.set(viewer.id, (viewers = new Map()));
    viewers.set(viewer, close);
    for (const [oldest, closeOldest] of viewers) {
      if (viewers.size <= this.maxPerUser) break;
      viewers.delete(oldest);
      closeOldest(TOO_MANY_SOCKETS_CLOSE_CODE, `At most ${this.maxPerUser} connections per user`);
    }
    return () => {
      viewers.delete(viewer);
      if (viewers.size === 0 && this.byUser.get(viewer.id) === viewers) this.byUser.delete(viewer.id);
    };
  }

  apply(event: StoredEvent): void {
    if (event.aggregateType === sessionAggregate.name && event.type === SESSION_REVOKED) {
      this.rememberRevoked(event.aggregateId);
      this.end(event.ownerId, (viewer) => viewer.sessionId === event.aggregateId, 'Signed out');
    } else if (event.aggregateType === 'User') {
      if (event.kind === 'DELETED') this.end(event.aggregateId, () => true, 'Account deleted');
      else if (event.type === 'UserRoleChanged') this.end(event.aggregateId, () => true, 'Role changed; sign in again');
      else if (typeof event.payload.role === 'string') {
        for (const viewer of this.byUser.get(event.aggregateId)?.keys() ?? []) viewer.role = event.payload.role as Role;
      }
    }
  }

  /** Ends a user's matching viewers: their streams stop at once, and their sockets close. */
  private end(userId: string | null, which: (viewer: Viewer) => boolean, reason: string): void {
    const viewers = userId ? this.byUser.get(userId) : undefined;
    if (!viewers) return;
    for (const [viewer, close] of viewers) {
      if (!which(viewer)) continue;
      viewer.active = false;
      viewers.delete(viewer);
      close(CloseCode.Forbidden, reason);
    }
    if (viewers.size === 0) this.byUser.delete(userId!);
  }

  private rememberRevoked(sessionId: string): void {
    const now = Date.now();
    for (const [id, until] of this.revoked) {
      if (until > now) break; // inserted in time order: the rest are newer
      this.revoked.delete(id);
    }
    this.revoked.set(sessionId, now + this.accessTtlMs);
  }
}
