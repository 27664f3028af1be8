import { Button, Group, Loader } from '@mantine/core';
import { useRef, useState, type ReactNode } from 'react';
import { errorCode } from '../lib/graphql-errors';
import { useInfiniteScroll } from '../lib/use-infinite-scroll';
import { Failure, Loading } from './query-state';

/** What the view needs of a query: Apollo's `useQuery` result fits. */
export interface DataViewQuery {
  loading: boolean;
  error?: unknown;
  refetch: () => Promise<unknown>;
}

interface Connection {
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** "Load more" under a connection: a button, and on `onScroll` the next page also loads as the end comes near. */
export interface MoreOptions {
  /** The button's text, e.g. "Load more tasks". */
  label: string;
  /** Asks for the page after `after` (`fetchMore`); its failure is shown under the list with "Try again". */
  load: (after: string | null) => Promise<unknown>;
  /** Loads on scrolling too; meanwhile a spinner with this name stands in for the button. */
  onScroll?: { loadingLabel: string };
}

export interface DataViewProps<T> {
  query: DataViewQuery;
  /**
   * What the view shows: `undefined` until the query has answered (Loading, or Failure), `null` when
   * the server says there is none (Empty). A page that keeps the last answer while it asks again
   * passes `data ?? previousData`.
   */
  data: T | null | undefined;
  /** Names the loader (its status text). */
  loadingLabel?: string;
  /** The page's own message when there is nothing: a connection without edges, `null`, or NOT_FOUND. */
  empty?: ReactNode;
  /** The next pages of a connection. */
  more?: T extends Connection ? MoreOptions : never;
  children: (data: T) => ReactNode;
}

function isConnection(data: unknown): data is Connection {
  return typeof data === 'object' && data !== null && 'edges' in data && 'pageInfo' in data;
}

/**
 * One data view (RedwoodJS's Cell): Loading until the query answers, Failure with "Try again" when it
 * could not, Empty when there is nothing, else the page's own view of the data — with "load more"
 * under a connection. What has been shown stays when a later request fails.
 */
export function DataView<T>(props: DataViewProps<T>) {
  const { query, data, empty } = props;
  const retry = () => void query.refetch().catch(() => undefined);
  const failure = <Failure error={query.error} onRetry={retry} />;

  if (empty !== undefined && errorCode(query.error) === 'NOT_FOUND') return empty;
  if (data === undefined) return query.error ? failure : <Loading label={props.loadingLabel ?? 'Loading…'} />;
  if (data === null) return empty !== undefined ? empty : failure;
  const connection = isConnection(data) ? data : null;
  if (connection && connection.edges.length === 0 && empty !== undefined) return empty;
  const more = props.more as MoreOptions | undefined;
  return (
    <>
      {props.children(data)}
      {connection && more && <LoadMore {...more} pageInfo={connection.pageInfo} busy={query.loading} />}
    </>
  );
}

/** The button (and spinner) under a list; a failed page says why, with "Try again". */
function LoadMore(props: MoreOptions & { pageInfo: Connection['pageInfo']; busy: boolean }) {
  const { hasNextPage, endCursor } = props.pageInfo;
  // The attempt at the current end: a new end (the page arrived, or the list was asked for again) starts afresh.
  const [attempt, setAttempt] = useState<{ after: string | null; error?: unknown } | null>(null);
  const inFlight = useRef(false);
  const current = attempt?.after === endCursor ? attempt : null;
  const failed = current?.error !== undefined;
  const loading = props.busy || (current !== null && !failed);

  const loadMore = () => {
    if (!hasNextPage || loading || inFlight.current) return;
    inFlight.current = true;
    const after = endCursor;
    setAttempt({ after });
    props.load(after).then(
      () => setAttempt(null),
      (error: unknown) => setAttempt({ after, error: error ?? new Error('Could not load more.') }),
    ).finally(() => {
      inFlight.current = false;
    });
  };
  // After a failure only "Try again" asks again: scrolling would retry at every render.
  const sentinel = useInfiniteScroll<HTMLDivElement>(loadMore, {
    enabled: !!props.onScroll && hasNextPage && !loading && !failed,
    rearmOn: endCursor,
  });

  return (
    <>
      {props.onScroll && <div ref={sentinel} />}
      {hasNextPage &&
        (failed ? (
          <Failure title="Could not load more" error={current?.error} onRetry={loadMore} />
        ) : (
          <Group justify="center">
            {loading && props.onScroll ? (
              <Loader size="sm" aria-label={props.onScroll.loadingLabel} />
            ) : (
              <Button variant="default" loading={loading} onClick={loadMore}>
                {props.label}
              </Button>
            )}
          </Group>
        ))}
    </>
  );
}
