import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Prompt } from '../prompts/prompt.entity.js';

export enum StoryStatus {
  GENERATING = 'GENERATING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(StoryStatus, { name: 'StoryStatus', description: 'GENERATING until the story ends one of the three ways.' });

export const FINAL_STATUSES: ReadonlySet<StoryStatus> = new Set([StoryStatus.DONE, StoryStatus.FAILED, StoryStatus.CANCELLED]);

/**
 * One story written from a prompt. `text` grows while GENERATING (saved in short steps by the
 * process that runs the generation, `runnerId`); the status changes once, to DONE, FAILED or CANCELLED.
 */
@Entity({ tableName: 'story' })
@Index({ name: 'story_prompt_created_idx', properties: ['promptId', 'createdAt', 'id'] })
@Index({
  name: 'story_generating_idx',
  expression: `create index "story_generating_idx" on "story" ("owner_id", "runner_id") where "status" = 'GENERATING'`,
})
@ObjectType()
export class Story {
  [OptionalProps]?: 'text' | 'status' | 'wordCount' | 'error' | 'runnerId' | 'cancelRequestedAt' | 'createdAt' | 'finishedAt' | 'version';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  /** Exposed as `prompt` by a field resolver (batched). Deleting the prompt deletes its stories. */
  @ManyToOne(() => Prompt, { mapToPk: true, fieldName: 'prompt_id', deleteRule: 'cascade' })
  promptId!: string;

  /** The prompt's owner, copied so that ownership checks and the per-user limit need no join. */
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Everything written so far.' })
  text: string = '';

  @Enum({ items: () => StoryStatus, nativeEnumName: 'story_status' })
  @Field(() => StoryStatus)
  status: StoryStatus = StoryStatus.GENERATING;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int)
  wordCount: number = 0;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The length asked for; the story ends near it.' })
  maxWords!: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'Which generator wrote it: "builtin" or "openai".' })
  provider!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it FAILED, in words.' })
  error: string | null = null;

  /** The story runner (one per server process) that writes it; see story-runner.ts. */
  @Property({ type: 'uuid', nullable: true })
  runnerId: string | null = null;

  /** Set by a process that is asked to cancel a story another process is writing. */
  @Property({ type: 'datetime', nullable: true })
  cancelRequestedAt: Date | null = null;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  finishedAt: Date | null = null;

  /** Bumped by status changes only; the growing text is not a version of its own. */
  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number;
}
