/**
 * Quick add: a due date typed at the end of a task's title ("buy milk tomorrow", "report fri",
 * "pay rent on 2027-01-05"). Pure, so the rules below are tested without a browser.
 *
 * - `today`, `tomorrow`, a weekday (`fri`, `friday`, `thu`, `thurs`…) or an ISO date `yyyy-mm-dd`,
 *   optionally after `on`, `by` or `due`, as the last words.
 * - A weekday is the next one after today: "fri" typed on a Friday is the Friday a week later
 *   (today has its own word, and a weekday name is how people name a day ahead).
 * - What is left must still be a title: "tomorrow" alone is a task called "tomorrow".
 */

import { calendarDay } from './task-view';

export interface TrailingDate {
  /** The title without the date words. */
  title: string;
  /** The words that were read as the date, as typed ("on fri"). */
  words: string;
  /** The calendar day, `yyyy-mm-dd`. */
  date: string;
}

const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0,
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
};

const TRAILING = /^(?<title>.*?)\s+(?<words>(?:(?:on|by|due)\s+)?(?<date>today|tomorrow|[a-z]+|\d{4}-\d{2}-\d{2}))$/i;

function daysAfter(today: Date, days: number): Date {
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
}

/** `yyyy-mm-dd` when it names a real day (not 2027-02-30). */
function isoDay(value: string): string | null {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : null;
}

function dayFor(word: string, today: Date): string | null {
  const lower = word.toLowerCase();
  if (lower === 'today') return calendarDay(today);
  if (lower === 'tomorrow') return calendarDay(daysAfter(today, 1));
  const weekday = WEEKDAYS[lower];
  if (weekday !== undefined) return calendarDay(daysAfter(today, ((weekday - today.getDay() + 6) % 7) + 1));
  return /^\d{4}-\d{2}-\d{2}$/.test(word) ? isoDay(word) : null;
}

/** The due date at the end of `text`, seen from the local day of `today`; null when there is none. */
export function parseTrailingDate(text: string, today: Date): TrailingDate | null {
  const match = TRAILING.exec(text.trim());
  if (!match?.groups) return null;
  const date = dayFor(match.groups.date!, today);
  const title = match.groups.title!.trim();
  if (!date || !title) return null;
  return { title, words: match.groups.words!, date };
}

/** The `dueAt` the API stores for a calendar day (midnight UTC, as the task editor's date field sends it). */
export function dueAtOf(day: string): string {
  return new Date(`${day}T00:00:00Z`).toISOString();
}
