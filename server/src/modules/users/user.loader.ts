import type { RequestContext } from '../../context/request-context.js';
import { User } from './user.entity.js';

/**
 * Users by id, batched: every `author` / `owner` field of one request (or of one delivered event)
 * is answered by a single query. Works from a bare id, so it serves event payloads too.
 */
export function loadUser(context: RequestContext, id: string): Promise<User | null> {
  return context
    .loader<string, User | null>('User.byId', async (ids, em) => {
      const users = await em.find(User, { id: { $in: [...ids] } });
      const byId = new Map(users.map((user) => [user.id, user]));
      return ids.map((key) => byId.get(key) ?? null);
    })
    .load(id);
}
