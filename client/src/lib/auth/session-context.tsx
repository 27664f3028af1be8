import type { ApolloClient } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import type { Client as WsClient } from 'graphql-ws';
import { createContext, Fragment, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ViewerFieldsFragment } from '../../gql/graphql';
import type { SessionGrant, SessionStore } from '../session-store';
import { LogoutMutation } from './logout';
import { MeQuery } from './viewer';

interface Session {
  store: SessionStore;
  /** After login or register: keep the tokens and show the app as this user. */
  signIn(grant: SessionGrant & { user: ViewerFieldsFragment }): void;
  /** Ends the session on the server (best effort) and in this browser. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Drops everything the previous user could see: cache, open socket. */
async function forgetUser(client: ApolloClient, wsClient: WsClient): Promise<void> {
  wsClient.terminate();
  await client.clearStore();
  client.writeQuery({ query: MeQuery, data: { me: null } });
}

export function SessionProvider(props: { store: SessionStore; wsClient: WsClient; children: ReactNode }) {
  const client = useApolloClient();
  const { store, wsClient } = props;
  // Bumped after a sign-out: the app below remounts, so no view keeps the previous user's data.
  const [generation, setGeneration] = useState(0);
  const forgetting = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    const stopFollowing = store.followOtherTabs();
    const stopListening = store.subscribe((event) => {
      if (event !== 'signed-out') return;
      forgetting.current = forgetUser(client, wsClient).then(() => setGeneration((value) => value + 1));
    });
    return () => {
      stopFollowing();
      stopListening();
    };
  }, [client, store, wsClient]);

  const signIn = useCallback<Session['signIn']>(
    (grant) => {
      // A new user must not see the previous one's socket (it is authenticated as them).
      wsClient.terminate();
      store.grant(grant);
      client.writeQuery({ query: MeQuery, data: { me: grant.user } });
    },
    [client, store, wsClient],
  );

  const signOut = useCallback(async () => {
    const refreshToken = store.refreshToken();
    if (refreshToken) {
      await client.mutate({ mutation: LogoutMutation, variables: { input: { refreshToken } } }).catch(() => undefined);
    }
    // Emits 'signed-out' here and in every other tab, which forgets the user (see above).
    store.clear();
    await forgetting.current;
  }, [client, store]);

  const session = useMemo(() => ({ store, signIn, signOut }), [store, signIn, signOut]);
  return (
    <SessionContext.Provider value={session}>
      <Fragment key={generation}>{props.children}</Fragment>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}
