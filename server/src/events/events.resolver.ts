import { withStreamCursor } from './stream-cursor.js';
import { Args, ArgsType, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context/request-context.js';
import { SignedIn } from '../auth/access.js';
import { CurrentViewer } from '../auth/current-viewer.js';
import { Role } from '../auth/role.js';
import { badInput } from '../shared/errors.js';
import { type ConnectionShape, ConnectionType, PageArgs } from '../shared/pagination/index.js';
import type { Viewer } from '../auth/viewer.js';
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

/** The contract's `aggregateType` is a String: a name no module lists would match nothing, so it is refused. */
function knownAggregate(context: RequestContext, aggregateType: string): string {
  const known: ReadonlySet<string> = context.app.aggregateNames;
  if (known.has(aggregateType)) return aggregateType;
  const names = [...known].sort().join(', ');
  throw badInput({ aggregateType: `is not an aggregate type (${names})` }, `aggregateType must be one of: ${names}`);
}

@Resolver()
export class EventsResolver {
  @SignedIn()
  @Query(() => DomainEventConnection, { description: 'The audit history in commit order (the order of the event streams; cursors are stream cursors): admins see all, others the events of their own objects.' })
  events(@Args() args: EventsArgs, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<ConnectionShape<DomainEvent>> {
    const where: Record<string, unknown> = {};
    if (viewer.role !== Role.ADMIN) where.ownerId = viewer.id;
    if (args.aggregateType) where.aggregateType = knownAggregate(context, args.aggregateType);
    if (args.aggregateId) where.aggregateId = args.aggregateId;
    return withStreamCursor(context.app, () => eventHistory(context.em, where, args));
  }
}
