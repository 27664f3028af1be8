import type { Viewer } from '../auth/viewer.js';
import type { RequestContext } from '../context/request-context.js';
import { requireViewer } from '../auth/auth-checker.js';
import { Role } from '../auth/role.js';
import { flatString } from '../shared/flat-string.js';
import { decodeLogCursor } from './cursor.js';
import type { EventInterest, StoredEvent } from './stored-event.js';
import { type AggregateName, audience } from './event-writer.js';

export function viewerAudiences(viewer: Viewer): string[] {
  // Held by each of the viewer's subscriptions for as long as it is open.
  const audiences: string[] = [audience.public, flatString(audience.user(viewer.id))];
  if (viewer.role === Role.ADMIN) audiences.push(audience.admins);
  return audiences;
}

/**
 * A viewer's interest in some aggregates, asked for every event: its audiences are rebuilt only
 * when the viewer's role changes. A class rather than closures: one object per subscriber, held as
 * long as it is connected.
 */
class ViewerInterest implements EventInterest {
  private role: Role;
  private current: string[];

  constructor(
    private readonly viewer: Viewer,
    readonly aggregateTypes: readonly AggregateName[],
    readonly matches?: (event: StoredEvent) => boolean,
  ) {
    this.role = viewer.role;
    this.current = viewerAudiences(viewer);
  }

  audiences(): string[] {
    if (this.viewer.role !== this.role) {
      this.role = this.viewer.role;
      this.current = viewerAudiences(this.viewer);
    }
    return this.current;
  }

  isActive(): boolean {
    return this.viewer.active;
  }
}

/**
 * The one way a change-event stream is opened (resolvers use it through `changeEventSubscription`):
 * the viewer's audiences are asked again for every event, so losing a role or the account stops
 * delivery at once.
 */
export async function eventStream(
  context: RequestContext,
  aggregateTypes: readonly AggregateName[],
  after: string | null | undefined,
  matches?: (event: StoredEvent) => boolean,
): Promise<AsyncIterableIterator<StoredEvent>> {
  const viewer = requireViewer(context);
  // On the shared connection pool, not `context.em`: a subscription's context lives for hours, and
  // a fork taken here would be held until its first event.
  const position = after ? await decodeLogCursor(context.app.orm.em, after) : undefined;
  // A stream that starts now starts after every commit announced so far (the caller's own write
  // may still be being read; another instance's may have been left for later).
  if (!position) await context.app.relay.caughtUp();
  return context.app.relay.subscribe(new ViewerInterest(viewer, aggregateTypes, matches), position);
}
