import type { Viewer } from './context.js';
import type { StoredEvent } from '../events/event-relay.js';
import type { Role } from '../auth/role.js';

/**
 * The viewers of this process's open sockets, by user id. User events keep them current, so a
 * demoted admin stops receiving admin-only events and a deleted account's streams end.
 */
export class ViewerRegistry {
  private readonly byUser = new Map<string, Set<Viewer>>();

  add(viewer: Viewer): () => void {
    let viewers = this.byUser.get(viewer.id);
    if (!viewers) this.byUser.set(viewer.id, (viewers = new Set()));
    viewers.add(viewer);
    return () => {
      viewers.delete(viewer);
      if (viewers.size === 0 && this.byUser.get(viewer.id) === viewers) this.byUser.delete(viewer.id);
    };
  }

  apply(event: StoredEvent): void {
    if (event.aggregateType !== 'User') return;
    const viewers = this.byUser.get(event.aggregateId);
    if (!viewers) return;
    for (const viewer of viewers) {
      if (event.kind === 'DELETED') viewer.active = false;
      else if (typeof event.payload.role === 'string') viewer.role = event.payload.role as Role;
    }
  }
}
