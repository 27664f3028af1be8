import { withStreamCursor } from './stream-cursor.js';
import { Args, ArgsType, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context/request-context.js';
import { SignedIn } from '../auth/access.js';
import { CurrentViewer } from '../auth/current-viewer.js';
import { Role } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import { PageArgs } from '../shared/page-args.js';
import { type ConnectionShape, ConnectionType } from '../shared/pagination.js';
import { DomainEvent } from './domain-event.entity.js';
import { eventHistory } from './event-history.js';

@ObjectType()
export class DomainEventConnection extends ConnectionType(DomainEvent, { streamed: true }) {}

@ArgsType()
class EventsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'e.g. "Task", "Tweet", "User".' })
  aggregateType?: string | null;

  @Field(() => ID, { nullable: true })
  aggregateId?: string | null;
}

@Resolver()
export class EventsResolver {
  @SignedIn()
  @Query(() => DomainEventConnection, { description: 'The audit history in commit order (the order of the event streams; cursors are stream cursors): admins see all, others the events of their own objects.' })
  events(@Args() args: EventsArgs, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<ConnectionShape<DomainEvent>> {
    const where: Record<string, unknown> = {};
    if (viewer.role !== Role.ADMIN) where.ownerId = viewer.id;
    if (args.aggregateType) where.aggregateType = args.aggregateType;
    if (args.aggregateId) where.aggregateId = args.aggregateId;
    return withStreamCursor(context.app, () => eventHistory(context.em, where, args));
  }
}
