import { newClientMutationId } from './client-mutation-id';
import { indexedDbVault, isPendingExchange, type TokenVault } from './token-vault';

/**
 * The signed-in session as the browser holds it: the short-lived access token in memory only, the
 * refresh token in IndexedDB (token-vault.ts) and localStorage (so a reload or a second tab stays
 * signed in).
 *
 * Refresh tokens are single-use and the server revokes the whole session when one is reused, so two
 * tabs must never exchange the same token: refreshing happens under a Web Lock shared by every tab of
 * this origin, and the token is read from the vault only once the lock is held. localStorage holds a
 * copy for what must be known at once (is there a session, the token to sign out with) and for the
 * `storage` event that tells the other tabs of a sign-out; its value may lag behind the vault's.
 */

export interface SessionGrant {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

/**
 * Exchanges a refresh token for a new grant; throws `SessionRejectedError` when the server refuses it.
 * `clientMutationId` names the exchange: sent again with it, a rotated token is answered, not refused.
 */
export type RefreshExchange = (refreshToken: string, clientMutationId: string) => Promise<SessionGrant>;

/** The server refused the refresh token (expired, revoked, reused): the session is over. */
export class SessionRejectedError extends Error {}

export const REFRESH_TOKEN_KEY = 'chorus.refreshToken';
/** Where the localStorage vault (no IndexedDB) keeps the exchange under way. */
const EXCHANGE_KEY = 'chorus.refreshExchange';
const LOCK_NAME = 'chorus.refresh-token';
/** Refresh a little before the server would refuse the token (clock skew, request time). */
const EXPIRY_MARGIN_MS = 5_000;

type SessionListener = (event: 'signed-in' | 'signed-out') => void;

export class SessionStore {
  private accessToken: string | null = null;
  private accessTokenExpiresAt = 0;
  /** This tab has held a session since its last sign-out (whatever its access token's state). */
  private signedIn = false;
  private refreshing: Promise<boolean> | undefined;
  /** Settles once the exchange under way has sent its request (or ended without one). */
  private exchangeSent: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<SessionListener>();

  constructor(
    private readonly exchange: RefreshExchange,
    private readonly storage: Storage = window.localStorage,
    private readonly locks: LockManager | undefined = globalThis.navigator?.locks,
    /** Without IndexedDB, localStorage itself (a waiting tab may then read a token already spent). */
    private readonly vault: TokenVault = indexedDbVault() ?? storageVault(storage),
  ) {}

  /** Whether this browser holds a session (it may still need a refresh before use). */
  hasSession(): boolean {
    return this.storage.getItem(REFRESH_TOKEN_KEY) !== null;
  }

  refreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  /** Stores what login or register returned (in the vault once this tab holds the lock). */
  grant(grant: SessionGrant): void {
    this.keep(grant);
    void this.underLock(() => this.vault.write(grant.refreshToken)).catch(() => undefined);
  }

  /** The access token to send now, refreshed first when it has expired; null when signed out. */
  async accessTokenForRequest(): Promise<string | null> {
    if (this.accessToken && Date.now() < this.accessTokenExpiresAt - EXPIRY_MARGIN_MS) return this.accessToken;
    if (!this.hasSession()) return null;
    return (await this.refresh()) ? this.accessToken : null;
  }

  /** The server rejected the access token (UNAUTHENTICATED, websocket close 4403): refresh before the next use. */
  expireAccessToken(): void {
    this.accessToken = null;
    this.accessTokenExpiresAt = 0;
  }

  /**
   * Gets a new access token with the stored refresh token. Concurrent callers share one exchange.
   * Resolves false when the session is over (it is then cleared); rejects on network failure, keeping
   * the session for a later attempt.
   */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      let sent!: () => void;
      this.exchangeSent = new Promise((resolve) => (sent = resolve));
      this.refreshing = this.refreshUnderLock(sent).finally(() => {
        sent();
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  /**
   * Resolves once the token exchange under way, if any, has sent its request. The Web Lock it waits
   * for is granted in a task of its own, which a first render would otherwise hold up (main.tsx).
   */
  requestSent(): Promise<void> {
    return this.exchangeSent;
  }

  /** Forgets the session in this browser and tells the listeners (the UI goes to the sign-in page). */
  clear(): void {
    this.forget();
    void this.underLock(() => this.vault.write(null)).catch(() => undefined);
  }

  /** Another tab signed out (its `storage` event removed the refresh token): follow it. */
  followOtherTabs(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
      if (event.newValue === null && this.signedIn) {
        this.signedIn = false;
        this.expireAccessToken();
        this.emit('signed-out');
      }
    };
    target.addEventListener('storage', onStorage);
    return () => target.removeEventListener('storage', onStorage);
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: 'signed-in' | 'signed-out'): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** The new tokens in this tab and its copy in localStorage. */
  private keep(grant: SessionGrant): void {
    const wasSignedIn = this.signedIn;
    this.signedIn = true;
    this.storage.setItem(REFRESH_TOKEN_KEY, grant.refreshToken);
    this.accessToken = grant.accessToken;
    this.accessTokenExpiresAt = Date.parse(grant.accessTokenExpiresAt);
    if (!wasSignedIn) this.emit('signed-in');
  }

  private forget(): void {
    const wasSignedIn = this.signedIn || this.hasSession();
    this.signedIn = false;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.expireAccessToken();
    if (wasSignedIn) this.emit('signed-out');
  }

  /** Runs `work` while no other tab of this origin refreshes (not re-entrant: never call it from `work`). */
  private underLock<T>(work: () => Promise<T>): Promise<T> {
    return this.locks ? this.locks.request(LOCK_NAME, work) : work();
  }

  /**
   * The id to send `token`'s exchange with: the one an earlier attempt stored, if it was for this
   * token (its answer was lost — a reload, a dropped connection), else a new one, stored before it
   * is sent so that a reload mid-exchange sends the same.
   */
  private async exchangeIdFor(token: string): Promise<string> {
    const pending = await this.vault.readExchange().catch(() => undefined);
    if (pending?.refreshToken === token) return pending.clientMutationId;
    const clientMutationId = newClientMutationId();
    await this.vault.writeExchange({ refreshToken: token, clientMutationId }).catch(() => undefined);
    return clientMutationId;
  }

  private refreshUnderLock(sent: () => void): Promise<boolean> {
    return this.underLock(async () => {
      // Read inside the lock, from the vault: another tab may have rotated the token while we waited.
      // A vault that never held one (a session kept before it, or put in localStorage by the tests)
      // leaves it to the copy.
      const kept = await this.vault.read().catch(() => undefined);
      const token = kept === undefined ? this.storage.getItem(REFRESH_TOKEN_KEY) : kept;
      if (!token) {
        this.forget();
        return false;
      }
      let grant: SessionGrant;
      try {
        const exchanged = this.exchange(token, await this.exchangeIdFor(token));
        sent();
        grant = await exchanged;
      } catch (error) {
        if (!(error instanceof SessionRejectedError)) throw error;
        // Only forget the token we tried: another tab may have signed in again meanwhile (its token
        // is in localStorage at once, in the vault only once it holds the lock).
        if (this.storage.getItem(REFRESH_TOKEN_KEY) === token) {
          this.forget();
          await this.vault.write(null).catch(() => undefined);
        }
        return false;
      }
      this.keep(grant);
      // Written before the lock is released: the next tab to hold it reads this token.
      await this.vault.write(grant.refreshToken).catch(() => undefined);
      return true;
    });
  }
}

/** localStorage as the vault, where there is no IndexedDB (null and undefined are one there). */
function storageVault(storage: Storage): TokenVault {
  return {
    read: async () => storage.getItem(REFRESH_TOKEN_KEY),
    write: async (token) => {
      if (token === null) storage.removeItem(REFRESH_TOKEN_KEY);
      else storage.setItem(REFRESH_TOKEN_KEY, token);
    },
    readExchange: async () => {
      try {
        const exchange: unknown = JSON.parse(storage.getItem(EXCHANGE_KEY) ?? 'null');
        return isPendingExchange(exchange) ? exchange : undefined;
      } catch {
        return undefined;
      }
    },
    writeExchange: async (exchange) => storage.setItem(EXCHANGE_KEY, JSON.stringify(exchange)),
  };
}
