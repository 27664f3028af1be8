import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** Room kept below the followed text's end, so the cursor mark and the status line show too. */
const MARGIN_PX = 48;
/** The text's end counts as in view this close to the window's bottom edge. */
const SLACK_PX = 24;

/**
 * Keeps the end of text that grows (a story being written) in view by scrolling the window with it,
 * until the reader scrolls up: then it stops, and `behind` says there is newer text below (the page
 * offers "↓ latest"). Scrolling back down to the end, or `jumpToLatest`, follows again.
 */
export function useFollowText(end: RefObject<HTMLElement | null>, active: boolean, content: string) {
  const [following, setFollowing] = useState(true);
  const [behind, setBehind] = useState(false);
  /** Where our own last scroll left the window: a scroll above it was the reader's. */
  const ownScrollTop = useRef<number | null>(null);

  const endBelowView = useCallback(() => {
    const bottom = end.current?.getBoundingClientRect().bottom;
    return bottom !== undefined && bottom > window.innerHeight + SLACK_PX;
  }, [end]);

  useEffect(() => {
    if (!active) return;
    const onScroll = () => {
      if (!endBelowView()) {
        setFollowing(true);
        setBehind(false);
      } else if (ownScrollTop.current === null || window.scrollY < ownScrollTop.current - 2) {
        setFollowing(false);
        setBehind(true);
      }
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [active, endBelowView]);

  const scrollToEnd = useCallback(() => {
    const bottom = end.current?.getBoundingClientRect().bottom;
    if (bottom === undefined || bottom <= window.innerHeight - MARGIN_PX) return;
    window.scrollBy({ top: bottom - window.innerHeight + MARGIN_PX, behavior: 'instant' });
    ownScrollTop.current = window.scrollY;
  }, [end]);

  useLayoutEffect(() => {
    if (!active) return;
    // The reader may have scrolled up since the last scroll event: their move wins over following.
    const readerScrolledUp = ownScrollTop.current !== null && window.scrollY < ownScrollTop.current - 2 && endBelowView();
    if (following && readerScrolledUp) setFollowing(false);
    else if (following) scrollToEnd();
    else setBehind(endBelowView());
  }, [active, following, content, scrollToEnd, endBelowView]);

  const jumpToLatest = useCallback(() => {
    setFollowing(true);
    setBehind(false);
    scrollToEnd();
  }, [scrollToEnd]);

  return { behind: active && behind, jumpToLatest };
}
