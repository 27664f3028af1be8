import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination/index.js';
import { Story, StoryStatus } from './story.entity.js';
import { ChangeEventType } from '../../events/change-event.type.js';

@ObjectType()
export class StoryConnection extends ConnectionType(Story, { streamed: true }) {}

@ObjectType()
export class StoryEvent extends ChangeEventType(Story, 'story') {}

@ObjectType({ description: 'A piece of a story as it is written. Concatenating the deltas, in index order, gives the whole text.' })
export class StoryChunk {
  @Field(() => ID)
  storyId!: string;

  @Field(() => Int, { description: 'Position of this chunk in this subscription: 0, 1, 2, ...' })
  index!: number;

  @Field(() => String, { description: 'New text; the first chunk carries all the text written before subscribing.' })
  delta!: string;

  @Field(() => StoryStatus, { description: 'GENERATING, except on the last chunk, after which the stream completes.' })
  status!: StoryStatus;

  @Field(() => Story, { nullable: true, description: 'The story as of this chunk (its text is every delta so far); null once deleted.' })
  story!: Story | null;
}
