import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity.js';

/**
 * A micro-blog post, public to signed-in users. `author` and `likedByMe` are field resolvers that
 * work from `authorId` / `id`, so they serve entities and tweet-event payloads alike.
 */
@Entity({ tableName: 'tweet' })
@Index({ name: 'tweet_feed_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'tweet_author_feed_idx', properties: ['author', 'createdAt', 'id'] })
@Index({ name: 'tweet_body_trgm', expression: 'create index "tweet_body_trgm" on "tweet" using gin ("body" gin_trgm_ops)' })
@ObjectType({ description: 'A post of at most 280 characters.', simpleResolvers: true })
export class Tweet {
  [OptionalProps]?: 'createdAt' | 'version' | 'likeCount' | 'authorId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  author!: User;

  @Property({ type: 'string', length: 4480 })
  @Field(() => String)
  body!: string;

  /** Set here, not by the database: cursors carry it, and JavaScript dates hold milliseconds only. */
  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number;

  /**
   * Kept by the `tweet_like_count` trigger (see the migration) on every insert or delete of a
   * like, in the liking transaction, so cascades from deleted accounts keep it true as well.
   */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int)
  likeCount: number = 0;

  get authorId(): string {
    return this.author.id;
  }
}

@Entity({ tableName: 'tweet_like' })
export class TweetLike {
  [OptionalProps]?: 'createdAt';

  @ManyToOne(() => Tweet, { primary: true, deleteRule: 'cascade' })
  tweet!: Tweet;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade', index: true })
  user!: User;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
