import type { ApolloClient, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import type { Subscription } from 'rxjs';

export type LiveStatus = 'live' | 'reconnecting' | 'ended';

export interface LiveSubscriptionOptions<TData, TVariables> {
  variables: TVariables;
  /** Every result, in order. Runs outside React rendering: update the cache or a ref here. */
  onData: (data: TData) => void;
  /** Merged into the variables of every (re)subscription, e.g. `{ after: lastCursor }`. */
  resumeVariables?: () => Partial<TVariables>;
  /** The server ending the stream is the end (a finished story), not a dropped connection. */
  endOnComplete?: boolean;
  skip?: boolean;
}

const FIRST_RETRY_MS = 400;
const MAX_RETRY_MS = 15_000;
const STABLE_AFTER_MS = 10_000;

function retryDelay(failures: number): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * A subscription that survives the connection: when the socket drops (server restart, network loss,
 * access token expiry closing it with 4403) it resubscribes with back-off, with the variables given by
 * `resumeVariables` (the last cursor) so no event is missed and none replayed twice.
 *
 * Results bypass the cache (`no-cache`): the caller decides what to write, so an event older than
 * what the cache holds can be ignored.
 */
export function useLiveSubscription<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  options: LiveSubscriptionOptions<TData, TVariables>,
): { status: LiveStatus } {
  const client = useApolloClient();
  const latest = useRef(options);
  latest.current = options;
  const [status, setStatus] = useState<LiveStatus>('live');
  const key = JSON.stringify(options.variables);

  useEffect(() => {
    if (options.skip) return;
    let stopped = false;
    let failures = 0;
    let current: Subscription | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const start = () => {
      let settled = false;
      const startedAt = Date.now();
      const settle = (error?: unknown) => {
        if (settled || stopped) return;
        settled = true;
        queueMicrotask(() => current?.unsubscribe());
        if (error === undefined && latest.current.endOnComplete) {
          setStatus('ended');
          return;
        }
        // A subscription that ran for a while was healthy: start the back-off afresh.
        failures = Date.now() - startedAt > STABLE_AFTER_MS ? 1 : failures + 1;
        setStatus('reconnecting');
        timer = setTimeout(start, retryDelay(failures));
      };
      setStatus('live');
      const { variables, resumeVariables } = latest.current;
      const request = { query: document, variables: { ...variables, ...resumeVariables?.() }, fetchPolicy: 'no-cache' };
      current = client.subscribe(request as ApolloClient.SubscribeOptions<TData, TVariables>).subscribe({
        next: (result) => {
          if (result.error) return settle(result.error);
          if (result.data) latest.current.onData(result.data as TData);
        },
        error: (error: unknown) => settle(error ?? new Error('subscription failed')),
        complete: () => settle(),
      });
    };

    start();
    return () => {
      stopped = true;
      clearTimeout(timer);
      current?.unsubscribe();
    };
    // `key` stands for the variables; the callbacks are read through `latest`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, document, key, options.skip]);

  return { status };
}
