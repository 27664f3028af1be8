import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

/**
 * A to-do item, private to its owner. `owner` is resolved by a field resolver from `ownerId`, so
 * the same resolver serves entities and the plain objects that task events carry.
 */
@Entity({ tableName: 'task' })
@Index({
  name: 'task_owner_order_idx',
  expression: 'create index "task_owner_order_idx" on "task" ("owner_id", "position", "created_at" desc, "id" desc)',
})
@Index({ name: 'task_title_trgm', expression: 'create index "task_title_trgm" on "task" using gin ("title" gin_trgm_ops)' })
@Index({ name: 'task_notes_trgm', expression: 'create index "task_notes_trgm" on "task" using gin ("notes" gin_trgm_ops)' })
@ObjectType({ description: "A to-do item; only its owner can see it. Listed in the owner's order: `position`, then newest." })
export class Task {
  [OptionalProps]?: 'notes' | 'done' | 'dueAt' | 'createdAt' | 'updatedAt' | 'version' | 'ownerId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  owner!: User;

  @Property({ type: 'string', length: 3200 })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String)
  notes: string = '';

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean)
  done: boolean = false;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  dueAt: Date | null = null;

  /** Sort key within the owner's list: lower comes first; new tasks go on top. */
  @Property({ type: 'double', runtimeType: 'number' })
  @Field(() => Float, { description: 'Sort key in the owner\'s list (ascending); change it with `moveTask`.' })
  position!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date)
  updatedAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number;

  get ownerId(): string {
    return this.owner.id;
  }
}
