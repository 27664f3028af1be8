import { describe, expect, it, vi } from 'vitest';
import { REFRESH_TOKEN_KEY, SessionRejectedError, SessionStore, type SessionGrant } from '../../client/src/lib/session-store';
import type { PendingExchange, TokenVault } from '../../client/src/lib/token-vault';
import { laggingStorages, memoryStorage } from './storages';

/** navigator.locks, as far as the store uses it: one holder at a time, in order. */
function memoryLocks(): LockManager {
  let tail = Promise.resolve();
  return {
    request: ((_name: string, callback: () => Promise<unknown>) => {
      const run = tail.then(callback);
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    }) as LockManager['request'],
    query: async () => ({ held: [], pending: [] }),
  };
}

/** A token vault every tab reads and writes in one place (IndexedDB in the browser). */
function memoryVault(): TokenVault {
  let token: string | null | undefined;
  let exchange: PendingExchange | undefined;
  return {
    read: async () => token,
    write: async (value) => {
      token = value;
    },
    readExchange: async () => exchange,
    writeExchange: async (value) => {
      exchange = value;
    },
  };
}

const later = new Date(Date.now() + 15 * 60_000).toISOString();

/**
 * A server that rotates refresh tokens and refuses a token used twice — unless it is sent again with
 * the id of the exchange that used it (the answer was lost), while what that exchange issued is unused.
 */
function rotatingServer() {
  let counter = 1;
  /** Each used token: the id its exchange was sent with, and the token it issued. */
  const used = new Map<string, { clientMutationId: string; successor: string }>();
  const exchange = vi.fn(async (refreshToken: string, clientMutationId: string): Promise<SessionGrant> => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const earlier = used.get(refreshToken);
    if (earlier && (earlier.clientMutationId !== clientMutationId || used.has(earlier.successor))) {
      throw new SessionRejectedError('Refresh token reused');
    }
    // A retry spends what the lost answer carried.
    if (earlier) used.set(earlier.successor, { clientMutationId: 'retried', successor: '' });
    counter += 1;
    used.set(refreshToken, { clientMutationId, successor: `refresh-${counter}` });
    return { accessToken: `access-${counter}`, accessTokenExpiresAt: later, refreshToken: `refresh-${counter}` };
  });
  return { exchange };
}

describe('SessionStore (tokens in the browser)', () => {
  it('says when the exchange under way has sent its request: once the lock is held, before the answer', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    let release!: () => void;
    const otherTab = new Promise<void>((resolve) => (release = resolve));
    const locks = memoryLocks();
    void locks.request('chorus.refresh-token', () => otherTab);
    let answer!: (grant: SessionGrant) => void;
    const exchange = vi.fn(() => new Promise<SessionGrant>((resolve) => (answer = resolve)));
    const store = new SessionStore(exchange, storage, locks);
    await expect(store.requestSent()).resolves.toBeUndefined();
    const token = store.accessTokenForRequest();
    let sent = false;
    void store.requestSent().then(() => (sent = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toBe(false);
    release();
    await vi.waitFor(() => expect(sent).toBe(true));
    expect(exchange).toHaveBeenCalledWith('refresh-1', expect.any(String));
    answer({ accessToken: 'access-2', accessTokenExpiresAt: later, refreshToken: 'refresh-2' });
    await expect(token).resolves.toBe('access-2');
  });

  it('shares one refresh between concurrent requests', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const server = rotatingServer();
    const store = new SessionStore(server.exchange, storage, memoryLocks());
    const tokens = await Promise.all([store.accessTokenForRequest(), store.accessTokenForRequest(), store.accessTokenForRequest()]);
    expect(tokens).toEqual(['access-2', 'access-2', 'access-2']);
    expect(server.exchange).toHaveBeenCalledTimes(1);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('never lets two tabs spend the same refresh token', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const locks = memoryLocks();
    const server = rotatingServer();
    const tabA = new SessionStore(server.exchange, storage, locks);
    const tabB = new SessionStore(server.exchange, storage, locks);
    const [a, b] = await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect([a, b]).toEqual([true, true]);
    expect(server.exchange.mock.calls.map(([token]) => token)).toEqual(['refresh-1', 'refresh-2']);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
  });

  it('gives the tab that waited for the lock the token the other tab stored, though its localStorage lags', async () => {
    const [storageA, storageB] = laggingStorages(2, 100);
    storageA!.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const locks = memoryLocks();
    const vault = memoryVault();
    const server = rotatingServer();
    const tabA = new SessionStore(server.exchange, storageA!, locks, vault);
    const tabB = new SessionStore(server.exchange, storageB!, locks, vault);
    const [a, b] = await Promise.all([tabA.refresh(), tabB.refresh()]);
    expect(server.exchange.mock.calls.map(([token]) => token)).toEqual(['refresh-1', 'refresh-2']);
    expect([a, b]).toEqual([true, true]);
    expect(await vault.read()).toBe('refresh-3');
    expect(storageB!.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-3');
  });

  it('keeps the token in the vault, and a sign-out there: a tab whose copy still has a token does not spend it', async () => {
    const [storageA, storageB] = laggingStorages(2, 100);
    const locks = memoryLocks();
    const vault = memoryVault();
    const server = rotatingServer();
    const tabA = new SessionStore(server.exchange, storageA!, locks, vault);
    const tabB = new SessionStore(server.exchange, storageB!, locks, vault);
    tabA.grant({ accessToken: 'access-1', accessTokenExpiresAt: later, refreshToken: 'refresh-1' });
    expect(await tabB.refresh()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    // A signs out; B refreshes before its copy of localStorage hears of it.
    tabA.clear();
    expect(storageB!.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    expect(await tabB.refresh()).toBe(false);
    expect(server.exchange.mock.calls.map(([token]) => token)).toEqual(['refresh-1']);
    expect(storageB!.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'revoked');
    const store = new SessionStore(async () => Promise.reject(new SessionRejectedError('revoked')), storage, memoryLocks());
    const events: string[] = [];
    store.subscribe((event) => events.push(event));
    expect(await store.accessTokenForRequest()).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(events).toEqual(['signed-out']);
  });

  it('keeps the session through a network failure', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const store = new SessionStore(async () => Promise.reject(new TypeError('Failed to fetch')), storage, memoryLocks());
    await expect(store.refresh()).rejects.toThrow('Failed to fetch');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('sends an exchange whose answer was lost again with the same id, from a reloaded page too, and stays signed in', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const vault = memoryVault();
    const server = rotatingServer();
    // The server rotates the token, and the answer never arrives (the page is reloaded, the connection drops).
    const lostAnswer = async (token: string, id: string) => {
      await server.exchange(token, id);
      throw new TypeError('Failed to fetch');
    };
    const before = new SessionStore(lostAnswer, storage, memoryLocks(), vault);
    await expect(before.refresh()).rejects.toThrow('Failed to fetch');
    const reloaded = new SessionStore(server.exchange, storage, memoryLocks(), vault);
    expect(await reloaded.accessTokenForRequest()).toBe('access-3');
    const [first, retry] = server.exchange.mock.calls;
    expect(retry).toEqual(first);
    // The next exchange is a new one, with an id of its own.
    reloaded.expireAccessToken();
    expect(await reloaded.accessTokenForRequest()).toBe('access-4');
    expect(server.exchange.mock.calls[2]![0]).toBe('refresh-3');
    expect(server.exchange.mock.calls[2]![1]).not.toBe(first![1]);
  });

  it('keeps the exchange under way in localStorage where there is no IndexedDB', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const server = rotatingServer();
    const before = new SessionStore(async (token, id) => {
      await server.exchange(token, id);
      throw new TypeError('Failed to fetch');
    }, storage, memoryLocks());
    await expect(before.refresh()).rejects.toThrow('Failed to fetch');
    expect(await new SessionStore(server.exchange, storage, memoryLocks()).accessTokenForRequest()).toBe('access-3');
  });

  it('refreshes again after the server rejected the access token (expireAccessToken)', async () => {
    const storage = memoryStorage();
    const server = rotatingServer();
    const store = new SessionStore(server.exchange, storage, memoryLocks());
    store.grant({ accessToken: 'access-1', accessTokenExpiresAt: later, refreshToken: 'refresh-1' });
    expect(await store.accessTokenForRequest()).toBe('access-1');
    store.expireAccessToken();
    expect(await store.accessTokenForRequest()).toBe('access-2');
  });

  it('follows another tab signing out, even after its own access token was dropped (socket closed with 4403)', () => {
    const storage = memoryStorage();
    const store = new SessionStore(rotatingServer().exchange, storage, memoryLocks());
    const window = new EventTarget();
    store.followOtherTabs(window as unknown as Window);
    const events: string[] = [];
    store.subscribe((event) => events.push(event));
    store.grant({ accessToken: 'access-1', accessTokenExpiresAt: later, refreshToken: 'refresh-1' });
    store.expireAccessToken();
    storage.removeItem(REFRESH_TOKEN_KEY);
    window.dispatchEvent(Object.assign(new Event('storage'), { key: REFRESH_TOKEN_KEY, newValue: null }));
    expect(events).toEqual(['signed-in', 'signed-out']);
  });
});
