/**
 * Where the tabs of this browser hand the refresh token to each other (session-store.ts), read and
 * written only under the refresh Web Lock.
 *
 * Not localStorage: each tab reads its own copy of it, and Chromium delivers another tab's write to
 * that copy later than it hands over the lock — the next holder could read the token just spent and
 * spend it again, which ends the session (two tabs opened at once, about one restore in fifteen).
 * IndexedDB's reads and writes all go to the one database in the browser, so what a tab wrote before
 * it released the lock is what the next holder reads.
 */
export interface TokenVault {
  /** The refresh token; null after a sign-out; undefined when nothing was ever kept here. */
  read(): Promise<string | null | undefined>;
  write(token: string | null): Promise<void>;
  /** The exchange last sent (or about to be), kept so that a reload can send it again unchanged. */
  readExchange(): Promise<PendingExchange | undefined>;
  writeExchange(exchange: PendingExchange): Promise<void>;
}

/**
 * A token exchange whose answer may not have been kept: the server rotated `refreshToken` and the
 * page was reloaded (or the connection dropped) before it heard back. Sent again with the same
 * `clientMutationId`, the server answers it instead of taking it for a stolen token.
 */
export interface PendingExchange {
  refreshToken: string;
  clientMutationId: string;
}

const DATABASE = 'chorus';
const STORE = 'session';
const KEY = 'refreshToken';
const EXCHANGE_KEY = 'exchange';

/** The vault in IndexedDB; undefined where the browser has none (then localStorage must do). */
export function indexedDbVault(factory: IDBFactory | undefined = globalThis.indexedDB): TokenVault | undefined {
  if (!factory) return undefined;
  let opened: Promise<IDBDatabase> | undefined;
  const database = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => {
        const db = request.result;
        // A later version of the app in another tab wants to upgrade: let it, and open again when needed.
        db.onversionchange = () => {
          db.close();
          opened = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    }));
  const transact = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await database();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      // Resolved once committed: only then does another tab's transaction see the write.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  };
  return {
    read: async () => {
      const token: unknown = await transact('readonly', (store) => store.get(KEY));
      return typeof token === 'string' || token === null ? token : undefined;
    },
    write: async (token) => {
      await transact('readwrite', (store) => store.put(token, KEY));
    },
    readExchange: async () => {
      const exchange: unknown = await transact('readonly', (store) => store.get(EXCHANGE_KEY));
      return isPendingExchange(exchange) ? exchange : undefined;
    },
    writeExchange: async (exchange) => {
      await transact('readwrite', (store) => store.put(exchange, EXCHANGE_KEY));
    },
  };
}

export function isPendingExchange(value: unknown): value is PendingExchange {
  const exchange = value as Partial<PendingExchange> | null;
  return typeof exchange?.refreshToken === 'string' && typeof exchange.clientMutationId === 'string';
}
