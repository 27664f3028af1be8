import { useEffect } from 'react';

/** Each page names itself: the tab title is what a screen reader announces on navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Chorus`;
  }, [title]);
}

const COUNT_PREFIX = /^\(\d+\) /;

/**
 * While the tab is hidden, the title starts with `(count)` (new things waiting), so the tab strip
 * shows it; visible again, the title is the page's own.
 */
export function useHiddenTabCount(count: number): void {
  useEffect(() => {
    const update = () => {
      const title = document.title.replace(COUNT_PREFIX, '');
      document.title = document.visibilityState === 'hidden' && count > 0 ? `(${count}) ${title}` : title;
    };
    update();
    document.addEventListener('visibilitychange', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      document.title = document.title.replace(COUNT_PREFIX, '');
    };
  }, [count]);
}
