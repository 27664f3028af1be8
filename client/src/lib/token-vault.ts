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
}

const DATABASE = 'chorus';
const STORE = 'session';
const KEY = 'refreshToken';

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
  };
}
