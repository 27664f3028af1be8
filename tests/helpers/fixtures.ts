import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { test as base } from 'vitest';
import type { StartOptions } from '../../server/src/app/chorus.js';
import { makeAdmin, registerUser, rootField, startTestServer, type TestServer, type TestUser } from './chorus.js';
import { type SdkSession, sdkSession, signUp } from './sdk.js';

/** The (single) root field an operation asks for. */
export type RootField<TResult> = TResult[Exclude<keyof TResult, '__typename'>];

/**
 * Runs an operation as `user` and returns its root field; any error fails the test. A codegen'd
 * document types the variables and the result; a string (hostile input, limits) answers `any`.
 */
export interface Call {
  <TResult, TVariables>(user: TestUser | null, document: TypedDocumentNode<TResult, TVariables>, variables: NoInfer<TVariables>): Promise<RootField<TResult>>;
  (user: TestUser | null, document: string, variables?: Record<string, unknown>): Promise<any>;
}

export function callOn(server: TestServer): Call {
  return (user: TestUser | null, document: string | TypedDocumentNode<unknown, unknown>, variables: unknown = {}) =>
    rootField(server, user, typeof document === 'string' ? document : print(document), variables as Record<string, unknown>);
}

/** How a file's server starts: `startTestServer`'s options. */
export interface ServerOptions {
  env?: Record<string, string>;
  start?: StartOptions;
  /** How `peer`, the second instance on the same database, starts. */
  peer?: { env?: Record<string, string>; start?: StartOptions };
}

/**
 * `it`/`test` with one Chorus server per test file (started by the first test or `it.beforeAll` that
 * asks for it, closed after the file), signed-in users on it, a `call` bound to it, SDK sessions
 * (`sdk`) and, for the tests of several instances, a `peer` on the same database. A file whose server needs other settings makes
 * its own, `const it = chorusTest({ env: { ... } })`, or extends `serverOptions` when they depend on
 * another fixture (stories-openai.test.ts).
 */
export function chorusTest(options: ServerOptions = {}) {
  return base
    .extend('serverOptions', { scope: 'file' }, options)
    .extend('server', { scope: 'file' }, async ({ serverOptions }, { onCleanup }) => {
      const server = await startTestServer({ env: serverOptions.env, start: serverOptions.start });
      onCleanup(() => server.close());
      return server;
    })
    /** A second instance on the server's database (what one instance writes, the other must learn). */
    .extend('peer', { scope: 'file' }, async ({ server, serverOptions }, { onCleanup }) => {
      const peer = await startTestServer({ ...serverOptions.peer, databaseUrl: server.databaseUrl });
      onCleanup(() => peer.close());
      return peer;
    })
    .extend('call', { scope: 'file' }, ({ server }) => callOn(server))
    .extend('alice', { scope: 'file' }, ({ server }) => registerUser(server))
    .extend('bob', { scope: 'file' }, ({ server }) => registerUser(server))
    .extend('admin', { scope: 'file' }, async ({ server }) => {
      const admin = await registerUser(server);
      await makeAdmin(server, admin);
      return admin;
    })
    /**
     * SDK clients the way a service uses them (sdk.ts), on any URL (the file's server, a proxy in
     * front of it, a server the test starts itself): signed up, or signed out. Disposed after the file.
     */
    // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern: none
    .extend('sdk', { scope: 'file' }, ({}, { onCleanup }) => {
      const sessions: Pick<SdkSession, 'dispose'>[] = [];
      onCleanup(async () => {
        await Promise.all(sessions.map((session) => session.dispose()));
      });
      const kept = <T extends Pick<SdkSession, 'dispose'>>(session: T): T => {
        sessions.push(session);
        return session;
      };
      return {
        signUp: async (url: string, name?: string, options?: Parameters<typeof signUp>[2]) => kept(await signUp(url, name, options)),
        signedOut: (url: string) => kept(sdkSession(url)),
      };
    });
}

export const test = chorusTest();
export const it = test;
