import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../shared/pagination/index.js';
import { CLIENT_MUTATION_ID_DESCRIPTION } from '../../shared/client-mutations.js';

@InputType()
export class CreateTaskInput {
  @Field(() => String, { description: '1 to 200 characters after trimming.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'At most 5000 characters.' })
  notes?: string | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;

  @Field(() => String, { nullable: true, description: CLIENT_MUTATION_ID_DESCRIPTION })
  clientMutationId?: string | null;
}

@InputType({ description: 'Only the fields given change; `dueAt: null` removes the due date.' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => Boolean, { nullable: true })
  done?: boolean | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class DeleteTaskInput {
  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class MoveTaskInput {
  @Field(() => ID, { nullable: true, description: 'The task to place this one just before; null moves it to the end.' })
  beforeId?: string | null;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class TaskFilter {
  @Field(() => Boolean, { nullable: true })
  done?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Matches title or notes, anywhere, ignoring case.' })
  search?: string | null;
}

@ArgsType()
export class TasksArgs extends PageArgs {
  @Field(() => TaskFilter, { nullable: true })
  filter?: TaskFilter | null;
}
