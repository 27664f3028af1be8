import { Entity, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { User } from '../modules/users/user.entity.js';

/**
 * What a creating mutation sent with a `clientMutationId` created: a retry with the same id by
 * the same user finds the first object here instead of creating another (client-mutations.ts).
 * Rows go with their user; they stay when the object is deleted, so that a late retry cannot
 * bring a deleted object back.
 */
@Entity({ tableName: 'client_mutation' })
export class ClientMutation {
  [PrimaryKeyProp]?: ['user', 'clientMutationId'];

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: User;

  /** At most 64 user-perceived characters, each at most 16 UTF-16 units (`checkText`). */
  @PrimaryKey({ type: 'string', length: 1024 })
  clientMutationId!: string;

  /** `Task`, `Tweet`, `Prompt`, `Story`: the same names as the domain events' aggregate types. */
  @Property({ type: 'string', length: 32 })
  aggregateType!: string;

  /** Null only inside the creating transaction, between the claim and the insert it guards. */
  @Property({ type: 'uuid', nullable: true })
  aggregateId!: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;
}
