import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';
import { useSession } from '../../../lib/auth/session-context';
import { cacheIdOf } from '../../../lib/connection-cache';
import type { SessionStore } from '../../../lib/session-store';

/** POST /uploads/avatar (API.md): beside /graphql, with the same bearer token. */
const UPLOAD_PATH = '/uploads/avatar';
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
export const AVATAR_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

export interface UploadedAvatar {
  id: string;
  avatarUrl: string;
  version: number;
}

/** The server's refusal, with its message (what the page shows) and code. */
export class AvatarUploadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

async function send(session: SessionStore, image: Blob): Promise<Response> {
  const token = await session.accessTokenForRequest();
  const form = new FormData();
  form.append('file', image, 'avatar.png');
  return fetch(UPLOAD_PATH, {
    method: 'POST',
    // The custom header makes a cross-site request need a preflight, which this server refuses.
    headers: { 'x-chorus-upload': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: form,
  });
}

export async function uploadAvatar(session: SessionStore, image: Blob): Promise<UploadedAvatar> {
  let response = await send(session, image);
  if (response.status === 401 && session.hasSession()) {
    // The access token expired or was revoked meanwhile: refresh once and try again, as Apollo's link does.
    session.expireAccessToken();
    if (await session.refresh().catch(() => false)) response = await send(session, image);
  }
  const body = (await response.json().catch(() => null)) as { user?: UploadedAvatar; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (response.ok && body?.user) return body.user;
  const error = body?.errors?.[0];
  throw new AvatarUploadError(error?.message ?? `The server answered ${response.status}. Please try again.`, error?.extensions?.code);
}

/** Uploads, then shows the new picture everywhere this user appears in the cache (tweets, header, lists). */
export function useUploadAvatar() {
  const { store } = useSession();
  const client = useApolloClient();
  return useCallback(
    async (image: Blob) => {
      const user = await uploadAvatar(store, image);
      client.cache.modify({
        id: cacheIdOf(client.cache, 'User', user.id),
        fields: { avatarUrl: () => user.avatarUrl, version: () => user.version },
      });
      return user;
    },
    [store, client],
  );
}
