import { Field, ID, InputType, Int } from 'type-graphql';
import { CLIENT_MUTATION_ID_DESCRIPTION } from '../../shared/client-mutations.js';
import { STORY_LIMITS } from './story.rules.js';

@InputType()
export class GenerateStoryInput {
  @Field(() => ID)
  promptId!: string;

  @Field(() => Int, {
    nullable: true,
    description: `About how long: ${STORY_LIMITS.maxWordsMin} to ${STORY_LIMITS.maxWordsMax} words (default ${STORY_LIMITS.defaultMaxWords}).`,
  })
  maxWords?: number | null;

  @Field(() => String, { nullable: true, description: CLIENT_MUTATION_ID_DESCRIPTION })
  clientMutationId?: string | null;
}
