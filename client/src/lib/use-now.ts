import { useSyncExternalStore } from 'react';

/** One shared clock for every relative time on the page: one timer, whatever the number of readers. */
const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function snapshot(): number {
  // Before the first reader subscribes the clock is not running: take the time now (to the second,
  // so that repeated reads during one render agree).
  if (!timer) now = Math.floor(Date.now() / 1000) * 1000;
  return now;
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
