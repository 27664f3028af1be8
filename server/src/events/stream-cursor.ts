import type { AppServices } from '../context/request-context.js';
import type { ConnectionShape } from '../shared/pagination/index.js';
import { encodeCursor } from './cursor.js';

/**
 * Reads a page of a list that has a live stream and gives it `streamCursor`: subscribing `after:`
 * it misses no change committed after the read.
 *
 * The cursor is where this process's relay has dispatched to, taken before the read. The relay only
 * dispatches events below the log's horizon (every transaction older than it had ended when it
 * read), and the read's snapshot is newer, so its own horizon is no older. A change the read did not
 * see was made by a transaction at or above that horizon: its event comes after the cursor. Changes
 * the page already shows may come again; clients drop them by `version`. Costs no statement.
 */
export async function withStreamCursor<T>(app: AppServices, read: () => Promise<ConnectionShape<T>>): Promise<ConnectionShape<T>> {
  const streamCursor = encodeCursor(app.relay.currentPosition);
  const page = await read();
  page.streamCursor = streamCursor;
  return page;
}
