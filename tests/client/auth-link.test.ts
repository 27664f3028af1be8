import type { Client } from 'graphql-ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MeQuery } from '../../client/src/lib/auth/viewer';
import { createApolloClient } from '../../client/src/lib/apollo-client';
import { REFRESH_TOKEN_KEY, SessionStore } from '../../client/src/lib/session-store';
import { memoryStorage } from './storages';

const later = () => new Date(Date.now() + 15 * 60_000).toISOString();
const unusedSocket = { subscribe: () => () => undefined } as unknown as Client;
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const me = { __typename: 'User', id: 'u1', username: 'ada', name: 'Ada', email: null, phone: null, role: 'USER', avatarUrl: null, bio: '', version: 1, createdAt: '2026-01-01T00:00:00Z' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('HTTP requests and the access token', () => {
  it('on UNAUTHENTICATED refreshes the token once and retries with the new one', async () => {
    const storage = memoryStorage();
    const exchange = vi.fn(async () => ({ accessToken: 'access-2', accessTokenExpiresAt: later(), refreshToken: 'refresh-2' }));
    const session = new SessionStore(exchange, storage);
    session.grant({ accessToken: 'access-1', accessTokenExpiresAt: later(), refreshToken: 'refresh-1' });
    const seen: (string | null)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        const authorization = new Headers(init.headers).get('authorization');
        seen.push(authorization);
        if (authorization === 'Bearer access-1') return json({ errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] });
        return json({ data: { me } });
      }),
    );
    const client = createApolloClient({ session, httpUrl: 'http://chorus.test/graphql', wsClient: unusedSocket });
    const result = await client.query({ query: MeQuery });
    expect(result.data?.me?.username).toBe('ada');
    expect(seen).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('refreshes an expired token before sending, and gives up (signed out) when the session is over', async () => {
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    const session = new SessionStore(async () => ({ accessToken: 'access-2', accessTokenExpiresAt: later(), refreshToken: 'refresh-2' }), storage);
    const seen: (string | null)[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        seen.push(new Headers(init.headers).get('authorization'));
        return json({ errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] });
      }),
    );
    const client = createApolloClient({ session, httpUrl: 'http://chorus.test/graphql', wsClient: unusedSocket });
    await expect(client.query({ query: MeQuery })).rejects.toThrow('Sign in first');
    // Refreshed first (no token in memory after a reload), then once more on UNAUTHENTICATED: never a loop.
    expect(seen).toEqual(['Bearer access-2', 'Bearer access-2']);
  });
});
