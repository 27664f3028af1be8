import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useRef } from 'react';
import { type LiveStatus, useLiveSubscription } from './use-live-subscription';

/**
 * A change-event stream (`taskEvents`, `tweetEvents`, …): every event passes through `onEvent`, and after
 * a dropped connection the stream resumes with `after: <last cursor seen>`, so the server replays
 * exactly what was missed. A new set of variables starts afresh (at the moment of subscribing).
 */
export function useLiveEvents<TData, TVariables extends OperationVariables & { after?: string | null }>(
  document: TypedDocumentNode<TData, TVariables>,
  options: {
    variables: TVariables;
    cursorOf: (data: TData) => string;
    onEvent: (data: TData) => void;
    skip?: boolean;
  },
): { status: LiveStatus } {
  const cursor = useRef<string | null>(null);
  const key = JSON.stringify(options.variables);
  const cursorKey = useRef(key);
  if (cursorKey.current !== key) {
    cursorKey.current = key;
    cursor.current = null;
  }
  return useLiveSubscription(document, {
    variables: options.variables,
    skip: options.skip,
    resumeVariables: () => (cursor.current ? ({ after: cursor.current } as Partial<TVariables>) : {}),
    onData: (data) => {
      cursor.current = options.cursorOf(data);
      options.onEvent(data);
    },
  });
}
