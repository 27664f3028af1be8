import type { Viewer } from './context.js';
import type { StoredEvent } from '../events/event-relay.js';
import type { Role } from '../auth/role.js';

/**
 * The viewers of this process's open signed-in sockets (one each), by user id. User events keep
 * them current, so a demoted admin stops receiving admin-only events and a deleted account's
 * streams end. It also caps the sockets one user holds here: the newest wins and the oldest is
 * evicted — a user opening one more tab gets a working tab, and an abandoned socket is what goes.
 */
export class ViewerRegistry {
  // Maps iterate in insertion order, so a user's first entry is their oldest socket.
  private readonly byUser = new Map<string, Map<Viewer, () => void>>();

  constructor(private readonly maxPerUser: number) {}

  /** Registers a socket's viewer; `evict` closes that socket. Returns the unregistration. */
  add(viewer: Viewer, evict: () => void): () => void {
    let viewers = this.byUser.get(viewer.id);
    if (!viewers) this.byUser.set(viewer.id, (viewers = new Map()));
    viewers.set(viewer, evict);
    for (const [oldest, evictOldest] of viewers) {
      if (viewers.size <= this.maxPerUser) break;
      viewers.delete(oldest);
      evictOldest();
    }
    return () => {
      viewers.delete(viewer);
      if (viewers.size === 0 && this.byUser.get(viewer.id) === viewers) this.byUser.delete(viewer.id);
    };
  }

  apply(event: StoredEvent): void {
    if (event.aggregateType !== 'User') return;
    const viewers = this.byUser.get(event.aggregateId);
    if (!viewers) return;
    for (const viewer of viewers.keys()) {
      if (event.kind === 'DELETED') viewer.active = false;
      else if (typeof event.payload.role === 'string') viewer.role = event.payload.role as Role;
    }
  }
}
