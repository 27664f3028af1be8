import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { errorMessage } from './graphql-errors';

/** Why a live subscription ended, as far as what to do next is concerned. */
export type LiveFailure =
  /** It fell behind: the server says where to pick up. */
  | { kind: 'resume'; cursor: string }
  /** The socket closed or could not open (restart, network, 4403 token expiry): the same request will work later. */
  | { kind: 'connection' }
  /** The server answered with an error (FORBIDDEN, BAD_USER_INPUT, an event that failed): the same request may fail again. */
  | { kind: 'refused'; code: string | undefined; message: string };

export function classifyLiveFailure(error: unknown): LiveFailure {
  if (!CombinedGraphQLErrors.is(error)) return { kind: 'connection' };
  const resume = error.errors.find((item) => item.extensions?.code === 'RESUME_REQUIRED');
  const cursor = resume?.extensions?.cursor;
  if (typeof cursor === 'string') return { kind: 'resume', cursor };
  const code = error.errors[0]?.extensions?.code;
  return { kind: 'refused', code: typeof code === 'string' ? code : undefined, message: errorMessage(error) };
}

/** Failures in a row of each kind; an attempt that delivered an event starts them afresh. */
export interface LiveRetryState {
  connectionFailures: number;
  refusals: number;
  resumes: number;
}

export const FRESH_RETRY_STATE: LiveRetryState = { connectionFailures: 0, refusals: 0, resumes: 0 };

export type LiveStep =
  | { action: 'resubscribe'; delayMs: number; state: LiveRetryState; resumeFrom?: string; problem?: string }
  | { action: 'stop'; state: LiveRetryState; problem: string };

const FIRST_RETRY_MS = 400;
const MAX_RETRY_MS = 15_000;
/** A connection that stayed up this long was healthy: its failure starts the back-off afresh. */
export const STABLE_AFTER_MS = 10_000;
/** Refusals in a row, with no event between them, before live updates stop until the user retries. */
export const MAX_REFUSALS = 3;

/** Exponential, capped, with jitter (half the ceiling plus a random half), so that clients spread out. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * What to do after a live subscription ended with `failure`. `attempt` tells how the attempt that
 * ended went: whether it delivered an event, and how long it ran.
 *
 * - RESUME_REQUIRED: subscribe again at once from the server's cursor (backing off only if it keeps
 *   happening without an event in between).
 * - A connection failure: reconnect with back-off, for as long as it takes.
 * - Any other error: the same cursor would likely meet the same error, so back off, say so, and stop
 *   after MAX_REFUSALS in a row; the user can retry.
 */
export function nextLiveStep(
  previous: LiveRetryState,
  failure: LiveFailure,
  attempt: { delivered: boolean; ranMs: number },
  random: () => number = Math.random,
): LiveStep {
  const state = attempt.delivered ? { ...FRESH_RETRY_STATE } : { ...previous };
  switch (failure.kind) {
    case 'resume':
      state.resumes++;
      return { action: 'resubscribe', delayMs: state.resumes === 1 ? 0 : backoffDelay(state.resumes - 1, random), state, resumeFrom: failure.cursor };
    case 'connection':
      state.connectionFailures = attempt.ranMs > STABLE_AFTER_MS ? 1 : state.connectionFailures + 1;
      return { action: 'resubscribe', delayMs: backoffDelay(state.connectionFailures, random), state };
    case 'refused':
      state.refusals++;
      if (state.refusals >= MAX_REFUSALS) return { action: 'stop', state, problem: failure.message };
      // Starts two steps up the connection back-off: a server that refuses now needs more than a blink.
      return { action: 'resubscribe', delayMs: backoffDelay(state.refusals + 2, random), state, problem: failure.message };
  }
}

/** What a live subscription shows: `problem` is the server's message while refusals are retried, or why it stopped. */
export type LiveStatus = 'live' | 'reconnecting' | 'stopped' | 'ended';

export interface LiveView {
  status: LiveStatus;
  problem: string | null;
}

/** One result of `client.subscribe` as Apollo Client 4 emits it: data, or an error (link errors included). */
export interface LiveResult<TData> {
  data?: TData | null;
  error?: unknown;
}

/** The part of an rxjs Observable that `followLive` uses. */
export interface LiveSource<TData> {
  subscribe(observer: { next: (result: LiveResult<TData>) => void; error: (error: unknown) => void; complete: () => void }): { unsubscribe(): void };
}

export interface FollowLiveOptions<TData> {
  /** Subscribes once (a new request each time, with the resume cursor the caller holds). */
  subscribe: () => LiveSource<TData>;
  onData: (data: TData) => void;
  /** The server ended the stream with RESUME_REQUIRED: the next `subscribe()` must start after `cursor`. */
  onResumeRequired?: (cursor: string) => void;
  onView: (view: LiveView) => void;
  /** The server ending the stream is the end (a finished story), not a dropped connection. */
  endOnComplete?: boolean;
  /**
   * Hears the connection come back (the browser online again, the server answering again) and
   * returns what stops listening: a reconnect waiting out its back-off (up to 15 s) then goes at once.
   */
  whenBackOnline?: (retryNow: () => void) => () => void;
  random?: () => number;
}

/**
 * Keeps a subscription going: resubscribes after each failure as `nextLiveStep` says, and reports what
 * the user should see. Returns the function that stops it.
 */
export function followLive<TData>(options: FollowLiveOptions<TData>): () => void {
  let stopped = false;
  let retryState = FRESH_RETRY_STATE;
  let current: { unsubscribe(): void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** A reconnect after a connection failure is waiting on its back-off. */
  let waitingForConnection = false;

  const start = () => {
    waitingForConnection = false;
    let settled = false;
    let delivered = false;
    const startedAt = Date.now();
    // Declared before `settle`, which closes over it and may run while `subscribe()` is still returning.
    // eslint-disable-next-line prefer-const
    let subscription: { unsubscribe(): void } | undefined;
    const settle = (error?: unknown) => {
      if (settled || stopped) return;
      settled = true;
      // Later: a source may settle while `subscribe` is still returning it.
      queueMicrotask(() => subscription?.unsubscribe());
      if (error === undefined && options.endOnComplete) {
        options.onView({ status: 'ended', problem: null });
        return;
      }
      // A live stream the server completes (it is shutting down) is a dropped connection.
      const failure = error === undefined ? ({ kind: 'connection' } as const) : classifyLiveFailure(error);
      const step = nextLiveStep(retryState, failure, { delivered, ranMs: Date.now() - startedAt }, options.random);
      retryState = step.state;
      if (step.action === 'stop') {
        options.onView({ status: 'stopped', problem: step.problem });
        return;
      }
      if (step.resumeFrom !== undefined) options.onResumeRequired?.(step.resumeFrom);
      // Resuming is routine: the user sees nothing of it.
      if (failure.kind !== 'resume') options.onView({ status: 'reconnecting', problem: step.problem ?? null });
      waitingForConnection = failure.kind === 'connection';
      timer = setTimeout(start, step.delayMs);
    };
    if (retryState.refusals === 0) options.onView({ status: 'live', problem: null });
    subscription = current = options.subscribe().subscribe({
      next: (result) => {
        if (result.error) return settle(result.error);
        if (!result.data || settled || stopped) return;
        if (!delivered && retryState.refusals > 0) options.onView({ status: 'live', problem: null });
        delivered = true;
        options.onData(result.data);
      },
      error: (error: unknown) => settle(error ?? new Error('subscription failed')),
      complete: () => settle(),
    });
  };

  const stopListening = options.whenBackOnline?.(() => {
    if (stopped || !waitingForConnection) return;
    clearTimeout(timer);
    start();
  });
  start();
  return () => {
    stopped = true;
    stopListening?.();
    clearTimeout(timer);
    current?.unsubscribe();
  };
}
