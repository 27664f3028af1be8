/** How the task list shows what the server stores: pure, tested in tests/client/task-view.test.ts. */

/**
 * Open tasks first, then completed ones, each group in the order it came in (the server's
 * `position` order). Only the view sinks them: positions stay as they are, so reopening a task puts it
 * back where it was.
 */
export function completedLast<T extends { done: boolean }>(tasks: readonly T[]): T[] {
  return [...tasks.filter((task) => !task.done), ...tasks.filter((task) => task.done)];
}

/**
 * A due date as a short day: "Fri 11 Dec" (in the reader's language), with the year when it is not
 * this year ("Wed 15 Jan 2020"); `weekday: false` for the narrow badge of a task row. `dueAt` is a
 * calendar day stored as midnight UTC, so it is read in UTC; "this year" is the reader's.
 */
export function formatDueDay(dueAt: string, now: Date, options: { weekday?: boolean; locale?: string } = {}): string {
  const due = new Date(dueAt);
  return due.toLocaleDateString(options.locale, {
    timeZone: 'UTC',
    ...(options.weekday === false ? {} : { weekday: 'short' }),
    day: 'numeric',
    month: 'short',
    ...(due.getUTCFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
  });
}

/** A local calendar day as `yyyy-mm-dd`. */
export function calendarDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Before today's local calendar day (`today` as `calendarDay` gives it). */
export function isOverdue(dueAt: string, today: string): boolean {
  return dueAt.slice(0, 10) < today;
}
