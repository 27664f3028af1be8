/**
 * The signed-in session as the browser holds it: the short-lived access token in memory only, the
 * refresh token in localStorage (so a reload or a second tab stays signed in).
 *
 * Refresh tokens are single-use and the server revokes the whole session when one is reused, so two
 * tabs must never exchange the same token: refreshing happens under a Web Lock shared by every tab of
 * this origin, and the token is read from storage only once the lock is held.
 */

export interface SessionGrant {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

/** Exchanges a refresh token for a new grant; throws `SessionRejectedError` when the server refuses it. */
export type RefreshExchange = (refreshToken: string) => Promise<SessionGrant>;

/** The server refused the refresh token (expired, revoked, reused): the session is over. */
export class SessionRejectedError extends Error {}

export const REFRESH_TOKEN_KEY = 'chorus.refreshToken';
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
  ) {}

  /** Whether this browser holds a session (it may still need a refresh before use). */
  hasSession(): boolean {
    return this.storage.getItem(REFRESH_TOKEN_KEY) !== null;
  }

  refreshToken(): string | null {
    return this.storage.getItem(REFRESH_TOKEN_KEY);
  }

  /** Stores what login, register or refresh returned. */
  grant(grant: SessionGrant): void {
    const wasSignedIn = this.signedIn;
    this.signedIn = true;
    this.storage.setItem(REFRESH_TOKEN_KEY, grant.refreshToken);
    this.accessToken = grant.accessToken;
    this.accessTokenExpiresAt = Date.parse(grant.accessTokenExpiresAt);
    if (!wasSignedIn) this.emit('signed-in');
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

  /** Forgets the session in this tab and tells the listeners (the UI goes to the sign-in page). */
  clear(): void {
    const wasSignedIn = this.signedIn || this.hasSession();
    this.signedIn = false;
    this.storage.removeItem(REFRESH_TOKEN_KEY);
    this.expireAccessToken();
    if (wasSignedIn) this.emit('signed-out');
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

  private async refreshUnderLock(sent: () => void): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      // Read inside the lock: another tab may have rotated the token while we waited.
      const token = this.storage.getItem(REFRESH_TOKEN_KEY);
      if (!token) {
        this.clear();
        return false;
      }
      try {
        const exchanged = this.exchange(token);
        sent();
        this.grant(await exchanged);
        return true;
      } catch (error) {
        if (!(error instanceof SessionRejectedError)) throw error;
        // Only forget the token we tried: another tab may have signed in again meanwhile.
        if (this.storage.getItem(REFRESH_TOKEN_KEY) === token) this.clear();
        return false;
      }
    };
    return this.locks ? this.locks.request(LOCK_NAME, run) : run();
  }
}
