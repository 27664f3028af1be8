import { RefreshSession } from '../auth/refresh-session.entity.js';
import { DomainEvent } from '../events/domain-event.entity.js';
import { User } from '../modules/users/user.entity.js';

/** Every MikroORM entity, as classes (globs do not work under vitest or in the compiled build). */
export const ENTITIES = [User, RefreshSession, DomainEvent];
