const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

/**
 * Moves focus to `element` after an action removed or replaced what had it (otherwise focus falls to
 * the page body and a keyboard or screen-reader user starts over). Headings and other non-controls are
 * made focusable from script only (tabIndex -1), so Tab order does not change.
 */
export function focusElement(element: Element | null | undefined): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (!element.matches(FOCUSABLE)) element.tabIndex = -1;
  element.focus();
  return document.activeElement === element;
}

/** The first of `elements` that is on screen (not display:none at this width). */
export function firstShown(...elements: (HTMLElement | null | undefined)[]): HTMLElement | undefined {
  return elements.find((element): element is HTMLElement => !!element && element.getClientRects().length > 0);
}
