import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useMe } from '../auth/viewer';
import type { Outbox, OutboxEntry, OutboxInputs, OutboxKind, OutboxOutcome } from './outbox';

const OutboxContext = createContext<Outbox | null>(null);

/** Gives the app its outbox and lets it send the signed-in user's entries (and only theirs). */
export function OutboxProvider(props: { outbox: Outbox; children: ReactNode }) {
  const { outbox } = props;
  const userId = useMe().data?.me?.id ?? null;
  useEffect(() => {
    outbox.activate(userId);
    return () => outbox.activate(null);
  }, [outbox, userId]);
  return <OutboxContext.Provider value={outbox}>{props.children}</OutboxContext.Provider>;
}

function useOutboxInstance(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox outside <OutboxProvider>');
  return outbox;
}

const NO_ENTRIES: OutboxEntry[] = [];

/** The signed-in user's outbox: queue a creation, and retry or discard one the server refused. */
export function useOutbox() {
  const outbox = useOutboxInstance();
  const userId = useMe().data?.me?.id ?? null;
  const submit = useCallback(
    <K extends OutboxKind>(kind: K, input: OutboxInputs[K]): Promise<OutboxOutcome> =>
      userId ? outbox.enqueue(userId, kind, input) : Promise.reject(new Error('You must be signed in')),
    [outbox, userId],
  );
  return useMemo(
    () => ({
      submit,
      retry: (id: string) => userId && outbox.retry(userId, id),
      discard: (id: string) => userId && outbox.discard(userId, id),
    }),
    [outbox, submit, userId],
  );
}

/** The signed-in user's entries of one kind that are not created yet, oldest first. */
export function usePendingEntries<K extends OutboxKind>(kind: K): OutboxEntry<K>[] {
  const outbox = useOutboxInstance();
  const userId = useMe().data?.me?.id ?? null;
  const all = useSyncExternalStore(
    useCallback((listener) => outbox.subscribe(listener), [outbox]),
    () => (userId ? outbox.entries(userId) : NO_ENTRIES),
  );
  return useMemo(() => all.filter((entry): entry is OutboxEntry<K> => entry.kind === kind), [all, kind]);
}
