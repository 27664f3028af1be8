import { Field, InputType, Int } from 'type-graphql';
import { CLIENT_MUTATION_ID_DESCRIPTION } from '../../shared/client-mutations.js';

@InputType()
export class CreatePromptInput {
  @Field({ description: '1 to 120 characters.' })
  title!: string;

  @Field({ description: '1 to 4000 characters: characters, setting, what they want.' })
  content!: string;

  @Field(() => String, { nullable: true, description: 'Free text, at most 40 characters.' })
  genre?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text, at most 40 characters.' })
  tone?: string | null;

  @Field(() => String, { nullable: true, description: CLIENT_MUTATION_ID_DESCRIPTION })
  clientMutationId?: string | null;
}

@InputType()
export class UpdatePromptInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  content?: string | null;

  @Field(() => String, { nullable: true, description: 'null or "" clears it; omitted leaves it.' })
  genre?: string | null;

  @Field(() => String, { nullable: true, description: 'null or "" clears it; omitted leaves it.' })
  tone?: string | null;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType()
export class DeletePromptInput {
  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}
