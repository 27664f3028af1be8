import { useEffect } from 'react';

/** Each page names itself: the tab title is what a screen reader announces on navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Chorus`;
  }, [title]);
}
