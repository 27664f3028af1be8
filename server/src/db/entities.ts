import { RateLimitCounter } from '../auth/rate-limit.entity.js';
import { RefreshSession } from '../auth/refresh-session.entity.js';
import { DomainEvent } from '../events/domain-event.entity.js';
import { MODULES } from '../modules/index.js';
import { ClientMutation } from '../shared/client-mutation.entity.js';

/** Every MikroORM entity, as classes (globs do not work under vitest or in the compiled build). */
export const ENTITIES = [RefreshSession, DomainEvent, RateLimitCounter, ClientMutation, ...MODULES.flatMap((module) => module.entities)];
