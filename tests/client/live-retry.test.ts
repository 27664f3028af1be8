import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  classifyLiveFailure,
  FRESH_RETRY_STATE,
  followLive,
  type LiveResult,
  type LiveRetryState,
  type LiveView,
  MAX_REFUSALS,
  nextLiveStep,
} from '../../client/src/lib/live-retry';

const graphqlError = (code: string, extensions: Record<string, unknown> = {}) =>
  new CombinedGraphQLErrors({ errors: [{ message: `failed with ${code}`, extensions: { code, ...extensions } }] });
const resumeRequired = (cursor: string) => graphqlError('RESUME_REQUIRED', { cursor });
const socketClosed = () => new Error('Socket closed with event 1006');
const noEvent = { delivered: false, ranMs: 50 };

describe('classifyLiveFailure', () => {
  it('tells a resume, a refusal and a connection failure apart', () => {
    expect(classifyLiveFailure(resumeRequired('c9'))).toEqual({ kind: 'resume', cursor: 'c9' });
    expect(classifyLiveFailure(graphqlError('FORBIDDEN'))).toEqual({ kind: 'refused', code: 'FORBIDDEN', message: 'failed with FORBIDDEN' });
    expect(classifyLiveFailure(graphqlError('INTERNAL_SERVER_ERROR'))).toMatchObject({ kind: 'refused', code: 'INTERNAL_SERVER_ERROR' });
    // RESUME_REQUIRED without a cursor cannot resume: it is a refusal like any other.
    expect(classifyLiveFailure(graphqlError('RESUME_REQUIRED'))).toMatchObject({ kind: 'refused', code: 'RESUME_REQUIRED' });
    expect(classifyLiveFailure(socketClosed())).toEqual({ kind: 'connection' });
    expect(classifyLiveFailure(new Error('Socket closed with event 4403 Forbidden'))).toEqual({ kind: 'connection' });
  });
});

describe('nextLiveStep', () => {
  it('resumes at once from the server cursor, and backs off only if resuming keeps failing without an event', () => {
    const first = nextLiveStep(FRESH_RETRY_STATE, { kind: 'resume', cursor: 'c1' }, { delivered: true, ranMs: 5 }, () => 1);
    expect(first).toMatchObject({ action: 'resubscribe', delayMs: 0, resumeFrom: 'c1' });
    const second = nextLiveStep(first.state, { kind: 'resume', cursor: 'c1' }, noEvent, () => 1);
    expect(second).toMatchObject({ action: 'resubscribe', resumeFrom: 'c1', delayMs: expect.any(Number) });
    expect(second.action === 'resubscribe' && second.delayMs > 0).toBe(true);
  });

  it('backs off more after each refusal in a row, says why, and stops after MAX_REFUSALS', () => {
    let state: LiveRetryState = FRESH_RETRY_STATE;
    const delays: number[] = [];
    for (let refusal = 1; refusal < MAX_REFUSALS; refusal++) {
      const step = nextLiveStep(state, { kind: 'refused', code: 'FORBIDDEN', message: 'no' }, noEvent, () => 1);
      expect(step).toMatchObject({ action: 'resubscribe', problem: 'no' });
      if (step.action === 'resubscribe') delays.push(step.delayMs);
      state = step.state;
    }
    expect(delays.every((delay, index) => index === 0 || delay > delays[index - 1]!)).toBe(true);
    expect(nextLiveStep(state, { kind: 'refused', code: 'FORBIDDEN', message: 'no' }, noEvent)).toEqual({ action: 'stop', state: { ...state, refusals: MAX_REFUSALS }, problem: 'no' });
  });

  it('counts refusals afresh once an attempt delivered an event (a new failure, not the same one again)', () => {
    const stuck = { ...FRESH_RETRY_STATE, refusals: MAX_REFUSALS - 1 };
    expect(nextLiveStep(stuck, { kind: 'refused', code: 'X', message: 'x' }, { delivered: true, ranMs: 5 }).state.refusals).toBe(1);
  });

  it('reconnects after connection failures for as long as it takes, capped, with jitter', () => {
    let state: LiveRetryState = FRESH_RETRY_STATE;
    for (let failure = 0; failure < 50; failure++) {
      const step = nextLiveStep(state, { kind: 'connection' }, noEvent);
      expect(step.action).toBe('resubscribe');
      expect(step.action === 'resubscribe' && step.delayMs).toBeLessThanOrEqual(15_000);
      state = step.state;
    }
    expect(state.connectionFailures).toBe(50);
    // A connection that stayed up a while starts the back-off afresh.
    expect(nextLiveStep(state, { kind: 'connection' }, { delivered: false, ranMs: 60_000 }).state.connectionFailures).toBe(1);
    expect(backoffDelay(3, () => 0)).toBe(800);
    expect(backoffDelay(3, () => 1)).toBe(1_600);
    expect(backoffDelay(40, () => 1)).toBe(15_000);
  });
});

/** A stand-in for `client.subscribe`: records each subscription and lets the test answer it. */
function fakeServer() {
  const attempts: { observer: { next: (result: LiveResult<string>) => void; error: (error: unknown) => void; complete: () => void }; closed: boolean }[] = [];
  return {
    attempts,
    subscribe: () => ({
      subscribe(observer: (typeof attempts)[number]['observer']) {
        const attempt = { observer, closed: false };
        attempts.push(attempt);
        return { unsubscribe: () => void (attempt.closed = true) };
      },
    }),
    get last() {
      return attempts.at(-1)!.observer;
    },
  };
}

describe('followLive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function follow(server: ReturnType<typeof fakeServer>) {
    const data: string[] = [];
    const views: LiveView[] = [];
    const resumes: string[] = [];
    const stop = followLive<string>({
      subscribe: server.subscribe,
      onData: (value) => data.push(value),
      onView: (view) => views.push(view),
      onResumeRequired: (cursor) => resumes.push(cursor),
      random: () => 0.5,
    });
    return { data, views, resumes, stop };
  }

  it('on RESUME_REQUIRED subscribes again from the cursor at once, and the user sees nothing of it', async () => {
    const server = fakeServer();
    const live = follow(server);
    server.last.next({ data: 'e1' });
    server.last.next({ error: resumeRequired('c1') });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.attempts).toHaveLength(2);
    expect(server.attempts[0]!.closed).toBe(true);
    expect(live.resumes).toEqual(['c1']);
    server.last.next({ data: 'e2' });
    expect(live.data).toEqual(['e1', 'e2']);
    expect(live.views.map((view) => view.status)).toEqual(['live', 'live']);
    live.stop();
  });

  it('a refusal that repeats (a poison event, a forbidden stream) is retried MAX_REFUSALS times with back-off, then live updates stop with the reason', async () => {
    const server = fakeServer();
    const live = follow(server);
    server.last.next({ data: 'e1' });
    server.last.next({ error: graphqlError('INTERNAL_SERVER_ERROR') });
    for (let minute = 0; minute < 30; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      server.last.next({ error: graphqlError('INTERNAL_SERVER_ERROR') });
    }
    expect(server.attempts).toHaveLength(MAX_REFUSALS);
    expect(live.views.at(-1)).toEqual({ status: 'stopped', problem: 'failed with INTERNAL_SERVER_ERROR' });
    expect(live.views).toContainEqual({ status: 'reconnecting', problem: 'failed with INTERNAL_SERVER_ERROR' });
    live.stop();
  });

  it('a link error (the observable errors) counts the same as an error result', async () => {
    const server = fakeServer();
    const live = follow(server);
    for (let attempt = 0; attempt < 10; attempt++) {
      server.last.error(graphqlError('FORBIDDEN'));
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(server.attempts).toHaveLength(MAX_REFUSALS);
    expect(live.views.at(-1)?.status).toBe('stopped');
  });

  it('keeps reconnecting after connection failures, never stopping', async () => {
    const server = fakeServer();
    const live = follow(server);
    for (let failure = 0; failure < 20; failure++) {
      server.last.error(socketClosed());
      expect(live.views.at(-1)).toEqual({ status: 'reconnecting', problem: null });
      await vi.advanceTimersByTimeAsync(15_000);
    }
    expect(server.attempts).toHaveLength(21);
    expect(live.views.at(-1)).toEqual({ status: 'live', problem: null });
    live.stop();
  });

  it('a reconnect waiting out its back-off goes at once when the connection comes back, and only then', async () => {
    const server = fakeServer();
    let backOnline: (() => void) | undefined;
    const stop = followLive<string>({
      subscribe: server.subscribe,
      onData: () => {},
      onView: () => {},
      whenBackOnline: (retryNow) => {
        backOnline = retryNow;
        return () => (backOnline = undefined);
      },
      random: () => 0.5,
    });
    // Failures in quick succession (each attempt fails as soon as it starts) climb the back-off.
    for (let failure = 0; failure < 8; failure++) {
      server.last.error(socketClosed());
      await vi.advanceTimersToNextTimerAsync();
    }
    expect(server.attempts).toHaveLength(9);
    server.last.error(socketClosed()); // the back-off is at its ceiling now: 11 s with this random
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.attempts).toHaveLength(9);
    backOnline!();
    expect(server.attempts).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(server.attempts).toHaveLength(10); // the waiting reconnect was replaced, not doubled
    backOnline!(); // connected already: nothing to hurry
    expect(server.attempts).toHaveLength(10);
    stop();
    expect(backOnline).toBeUndefined();
  });

  it('unsubscribes from a source that failed while it was being subscribed', async () => {
    const unsubscribed: number[] = [];
    let attempts = 0;
    const stop = followLive<string>({
      subscribe: () => ({
        subscribe(observer) {
          const attempt = ++attempts;
          if (attempt === 1) observer.error(socketClosed());
          return { unsubscribe: () => void unsubscribed.push(attempt) };
        },
      }),
      onData: () => {},
      onView: () => {},
    });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(attempts).toBe(2);
    expect(unsubscribed).toEqual([1]);
    stop();
    expect(unsubscribed).toEqual([1, 2]);
  });

  it('stop() ends the subscription and cancels a pending retry', async () => {
    const server = fakeServer();
    const live = follow(server);
    server.last.error(socketClosed());
    live.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.attempts).toHaveLength(1);
  });
});
