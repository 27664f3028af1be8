import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

/** A user's idea for a story. Private: only its owner ever sees it. */
@Entity({ tableName: 'prompt' })
@Index({ name: 'prompt_owner_created_idx', properties: ['ownerId', 'createdAt', 'id'] })
@ObjectType()
export class Prompt {
  [OptionalProps]?: 'genre' | 'tone' | 'createdAt' | 'updatedAt' | 'version';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  /** Deleting the account deletes its prompts, and through them their stories. */
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'owner_id', deleteRule: 'cascade' })
  ownerId!: string;

  @Property({ type: 'string', length: 1920 })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  content!: string;

  @Property({ type: 'string', length: 640, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free text such as "fantasy" or "noir".' })
  genre: string | null = null;

  @Property({ type: 'string', length: 640, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free text such as "hopeful" or "dark".' })
  tone: string | null = null;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date)
  updatedAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number;
}
