import { type ClassType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ChangeKind } from './event-writer.js';

registerEnumType(ChangeKind, { name: 'ChangeKind', description: 'The effect of a domain event on its object.' });

/** Shape shared by `TaskEvent`, `TweetEvent`, ...; `nodeField` names the object field (`task`, `tweet`). */
export function ChangeEventType<T extends object>(Node: ClassType<T>, nodeField: string) {
  @ObjectType()
  abstract class ChangeEvent {
    @Field({ description: 'Opaque position in the event log; pass it back as `after` to resume.' })
    cursor!: string;

    @Field(() => ChangeKind)
    kind!: ChangeKind;

    @Field({ description: 'The domain event, e.g. "TaskUpdated".' })
    type!: string;

    @Field(() => ID, { description: "The object's id." })
    id!: string;

    @Field(() => Node, { name: nodeField, nullable: true, description: 'The object after the change; null when deleted.' })
    node!: T | null;

    @Field(() => Int, { description: "The object's version after the change." })
    version!: number;

    @Field(() => Date)
    at!: Date;

    @Field(() => ID, { nullable: true })
    actorId!: string | null;
  }
  return ChangeEvent;
}
