import { useEffect, useRef } from 'react';

/**
 * Calls `onReachEnd` when the returned element (placed after the list) comes near the viewport.
 * Re-armed whenever `rearmOn` changes (the list's end cursor: it grew), so a page too short to fill
 * the screen loads the next one too.
 */
export function useInfiniteScroll<T extends HTMLElement>(onReachEnd: () => void, options: { enabled: boolean; rearmOn: unknown }) {
  const sentinel = useRef<T>(null);
  const latest = useRef(onReachEnd);
  latest.current = onReachEnd;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !options.enabled || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) latest.current();
    }, { rootMargin: '600px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [options.enabled, options.rearmOn]);

  return sentinel;
}
