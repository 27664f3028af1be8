import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/pagination/index.js';
import { CLIENT_MUTATION_ID_DESCRIPTION } from '../../shared/client-mutations.js';

@InputType()
export class PostTweetInput {
  @Field(() => String, { description: '1 to 280 characters after trimming.' })
  body!: string;

  @Field(() => String, { nullable: true, description: CLIENT_MUTATION_ID_DESCRIPTION })
  clientMutationId?: string | null;
}

@ArgsType()
export class TweetsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only this user's tweets." })
  authorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Matches the body, anywhere, ignoring case.' })
  search?: string | null;
}
