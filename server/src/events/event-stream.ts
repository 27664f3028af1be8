import type { Viewer } from '../auth/viewer.js';
import type { RequestContext } from '../context/request-context.js';
import { requireViewer } from '../auth/auth-checker.js';
import { Role } from '../auth/role.js';
import { decodeLogCursor } from './cursor.js';
import type { StoredEvent } from './stored-event.js';
import { type AggregateName, audience } from './event-writer.js';

export function viewerAudiences(viewer: Viewer): string[] {
  const audiences: string[] = [audience.public, audience.user(viewer.id)];
  if (viewer.role === Role.ADMIN) audiences.push(audience.admins);
  return audiences;
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
  // Asked for every event: rebuilt only when the viewer's role changes.
  let role = viewer.role;
  let audiences = viewerAudiences(viewer);
  const currentAudiences = () => {
    if (viewer.role !== role) {
      role = viewer.role;
      audiences = viewerAudiences(viewer);
    }
    return audiences;
  };
  return context.app.relay.subscribe(
    { aggregateTypes, audiences: currentAudiences, matches, isActive: () => viewer.active },
    position,
  );
}
