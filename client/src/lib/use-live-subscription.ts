import type { ApolloClient, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useConnectionMonitor } from './connection-status';
import { followLive, type LiveSource, type LiveView } from './live-retry';

export type { LiveStatus } from './live-retry';

export interface LiveSubscriptionOptions<TData, TVariables> {
  variables: TVariables;
  /** Every result, in order. Runs outside React rendering: update the cache or a ref here. */
  onData: (data: TData) => void;
  /** Merged into the variables of every (re)subscription, e.g. `{ after: lastCursor }`. */
  resumeVariables?: () => Partial<TVariables>;
  /** The server ended the stream with RESUME_REQUIRED: resume after `cursor` (through `resumeVariables`). */
  onResumeRequired?: (cursor: string) => void;
  /** The server ending the stream is the end (a finished story), not a dropped connection. */
  endOnComplete?: boolean;
  skip?: boolean;
}

/** What a page shows of a live stream, and the action that restarts one that stopped. */
export interface LiveState extends LiveView {
  retry: () => void;
}

/**
 * A subscription that survives the connection: when the socket drops (server restart, network loss,
 * access token expiry closing it with 4403) it resubscribes with back-off, with the variables given by
 * `resumeVariables` (the last cursor) so no event is missed and none replayed twice. RESUME_REQUIRED
 * resubscribes at once from the server's cursor. Other errors are retried a few times, then live
 * updates stop (status `stopped`, with the server's message) until `retry()`: see `nextLiveStep`.
 *
 * Results bypass the cache (`no-cache`): the caller decides what to write, so an event older than
 * what the cache holds can be ignored.
 */
export function useLiveSubscription<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  options: LiveSubscriptionOptions<TData, TVariables>,
): LiveState {
  const client = useApolloClient();
  const monitor = useConnectionMonitor();
  const latest = useRef(options);
  latest.current = options;
  const [view, setView] = useState<LiveView>({ status: 'live', problem: null });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  const key = JSON.stringify(options.variables);

  useEffect(() => {
    if (options.skip) return;
    return followLive<TData>({
      subscribe: () => {
        const { variables, resumeVariables } = latest.current;
        const request = { query: document, variables: { ...variables, ...resumeVariables?.() }, fetchPolicy: 'no-cache' };
        return client.subscribe(request as ApolloClient.SubscribeOptions<TData, TVariables>) as unknown as LiveSource<TData>;
      },
      onData: (data: TData) => latest.current.onData(data),
      onResumeRequired: (cursor) => latest.current.onResumeRequired?.(cursor),
      onView: setView,
      endOnComplete: latest.current.endOnComplete,
      whenBackOnline: (retryNow) =>
        monitor.subscribe((state, previous) => {
          if (state === 'online' && previous !== 'online') retryNow();
        }),
    });
    // `key` stands for the variables; the callbacks are read through `latest`; `attempt` is a retry.
  }, [client, monitor, document, key, options.skip, attempt]);

  return { ...view, retry };
}


