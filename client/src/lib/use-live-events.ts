import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useRef } from 'react';
import { type LiveState, useLiveSubscription } from './use-live-subscription';

/**
 * A change-event stream (`taskEvents`, `tweetEvents`, …) that keeps a list current: every event passes
 * through `onEvent`. It starts once the list has loaded, after the list's `streamCursor`, so no change
 * committed after the list was read is missed (one already in the list may come again: `onEvent`
 * drops it by `version`). After a dropped connection, or RESUME_REQUIRED, it resumes with
 * `after: <last cursor>`, so the server replays exactly what was missed. A new set of variables
 * starts afresh, after the `streamCursor` of the list read for them.
 */
export function useLiveEvents<TData, TVariables extends OperationVariables & { after?: string | null }>(
  document: TypedDocumentNode<TData, TVariables>,
  options: {
    variables: TVariables;
    /**
     * The `streamCursor` of the list's first page as the server sent it; `undefined` while it loads
     * (the stream waits); `null` for a stream that follows no list and starts now.
     */
    startAfter: string | null | undefined;
    cursorOf: (data: TData) => string;
    onEvent: (data: TData) => void;
    skip?: boolean;
  },
): LiveState {
  const cursor = useRef<string | null>(null);
  const started = useRef(false);
  const key = JSON.stringify(options.variables);
  const cursorKey = useRef(key);
  if (cursorKey.current !== key) {
    cursorKey.current = key;
    cursor.current = null;
    started.current = false;
  }
  // Only the first page's cursor counts: from then on the stream itself keeps the list current.
  if (!started.current && options.startAfter !== undefined) {
    started.current = true;
    cursor.current = options.startAfter;
  }
  return useLiveSubscription(document, {
    variables: options.variables,
    skip: options.skip || !started.current,
    resumeVariables: () => (cursor.current ? ({ after: cursor.current } as Partial<TVariables>) : {}),
    onResumeRequired: (resumeAt) => {
      cursor.current = resumeAt;
    },
    onData: (data) => {
      cursor.current = options.cursorOf(data);
      options.onEvent(data);
    },
  });
}
