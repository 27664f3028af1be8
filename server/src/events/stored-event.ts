import type { EventPosition } from './cursor.js';
import type { AggregateName, NewDomainEvent } from './event-writer.js';

/** One row of the event log as the relay hands it over; every subscriber gets the same object. */
export interface StoredEvent extends NewDomainEvent {
  position: EventPosition;
  cursor: string;
  id: string;
  at: Date;
}

/** What one subscription wants, and who is asking — asked again for every event. */
export interface EventInterest {
  aggregateTypes: readonly AggregateName[];
  /** The audiences the viewer belongs to right now (`public`, `user:<id>`, `role:ADMIN`). */
  audiences(): string[];
  /** Extra narrowing such as `authorId`; the audience check is done by the relay. */
  matches?(event: StoredEvent): boolean;
  /** False once the viewer is gone (deleted, signed out): the subscription then ends. */
  isActive?(): boolean;
}

export function canSee(interest: EventInterest, event: StoredEvent): boolean {
  if (!interest.aggregateTypes.includes(event.aggregateType)) return false;
  const audiences = interest.audiences();
  if (!event.audience.some((member) => audiences.includes(member))) return false;
  return interest.matches ? interest.matches(event) : true;
}
