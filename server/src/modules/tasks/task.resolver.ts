import { withStreamCursor } from '../../events/stream-cursor.js';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { SignedIn } from '../../auth/access.js';
import { changeEventSubscription } from '../../events/change-event-subscription.js';
import { ChangeEventType } from '../../events/change-event.type.js';
import { CurrentViewer } from '../../auth/current-viewer.js';
import type { Viewer } from '../../auth/viewer.js';
import type { StoredEvent } from '../../events/stored-event.js';
import { type ConnectionShape, ConnectionType } from '../../shared/pagination/index.js';
import { User } from '../users/user.entity.js';
import { loadUser } from '../users/api.js';
import { Task } from './task.entity.js';
import { taskAggregate } from './task.events.js';
import { CreateTaskInput, DeleteTaskInput, MoveTaskInput, TasksArgs, UpdateTaskInput } from './task.inputs.js';
import * as tasks from './task.service.js';

@ObjectType()
export class TaskConnection extends ConnectionType(Task, { streamed: true }) {}

@ObjectType()
export class TaskEvent extends ChangeEventType(Task, 'task') {}

const taskChanges = changeEventSubscription<TaskEvent>(taskAggregate);

@Resolver(() => Task)
export class TaskResolver {
  @SignedIn()
  @Query(() => TaskConnection, { description: "The viewer's tasks in their order: `position`, then newest." })
  tasks(@Args() args: TasksArgs, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<ConnectionShape<Task>> {
    return withStreamCursor(context.app, () => tasks.listTasks(context.em, viewer.id, args));
  }

  @SignedIn()
  @Query(() => Task, { nullable: true })
  task(@Arg('id', () => ID) id: string, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Task> {
    return tasks.findTask(context.em, viewer.id, id);
  }

  @SignedIn()
  @Mutation(() => Task, { description: 'Adds a task on top of the list.' })
  createTask(@Arg('input') input: CreateTaskInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Task> {
    return tasks.createTask(context.em, viewer.id, input);
  }

  @SignedIn()
  @Mutation(() => Task)
  updateTask(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateTaskInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Task> {
    return tasks.updateTask(context.em, viewer.id, id, input);
  }

  @SignedIn()
  @Mutation(() => Boolean)
  deleteTask(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => DeleteTaskInput, { nullable: true }) input: DeleteTaskInput | null,
    @CurrentViewer() viewer: Viewer,
    @Ctx() context: RequestContext,
  ): Promise<boolean> {
    return tasks.deleteTask(context.em, viewer.id, id, input);
  }

  @SignedIn()
  @Mutation(() => Task, { description: 'Reorders the list: places the task just before `beforeId`, or at the end.' })
  moveTask(@Arg('id', () => ID) id: string, @Arg('input') input: MoveTaskInput, @CurrentViewer() viewer: Viewer, @Ctx() context: RequestContext): Promise<Task> {
    return tasks.moveTask(context.em, viewer.id, id, input);
  }

  @SignedIn()
  @Subscription(() => TaskEvent, {
    description: "The viewer's own task events; with `after`, first those since that cursor.",
    subscribe: taskChanges.subscribe,
  })
  taskEvents(
    @Root() event: StoredEvent,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
    @Ctx() context: RequestContext,
  ): TaskEvent {
    return taskChanges.deliver(context, event);
  }

  /** Works on entities and on event payloads alike: both carry `ownerId`. */
  @FieldResolver(() => User)
  async owner(@Root() task: Pick<Task, 'ownerId'>, @Ctx() context: RequestContext): Promise<User> {
    const owner = await loadUser(context, task.ownerId);
    if (!owner) throw new Error(`owner ${task.ownerId} of a task is missing`);
    return owner;
  }
}
