import { describe, expect, it } from 'vitest';
import { dueAtOf, parseTrailingDate } from '../../client/src/features/tasks/quick-add-date';
import { calendarDay } from '../../client/src/features/tasks/task-view';

/** Friday 11 December 2026, mid-afternoon local time. */
const FRIDAY = new Date(2026, 11, 11, 15, 30);
const WEDNESDAY = new Date(2026, 11, 9, 9, 0);

describe('quick add reads a due date at the end of a title', () => {
  it('today and tomorrow, any case, the local calendar day', () => {
    expect(parseTrailingDate('buy milk tomorrow', FRIDAY)).toEqual({ title: 'buy milk', words: 'tomorrow', date: '2026-12-12' });
    expect(parseTrailingDate('Call mom TODAY', FRIDAY)).toEqual({ title: 'Call mom', words: 'TODAY', date: '2026-12-11' });
    // Late on the last day of the year, tomorrow is next year.
    expect(parseTrailingDate('party tomorrow', new Date(2026, 11, 31, 23, 50))?.date).toBe('2027-01-01');
  });

  it('a weekday is the next one after today; on a Friday, "fri" is the Friday a week later', () => {
    expect(parseTrailingDate('report fri', WEDNESDAY)?.date).toBe('2026-12-11');
    expect(parseTrailingDate('report fri', FRIDAY)?.date).toBe('2026-12-18');
    expect(parseTrailingDate('report friday', FRIDAY)?.date).toBe('2026-12-18');
    expect(parseTrailingDate('gym sat', FRIDAY)?.date).toBe('2026-12-12');
    expect(parseTrailingDate('review thurs', FRIDAY)?.date).toBe('2026-12-17');
    expect(parseTrailingDate('plan Monday', FRIDAY)).toEqual({ title: 'plan', words: 'Monday', date: '2026-12-14' });
  });

  it('ISO dates, real days only', () => {
    expect(parseTrailingDate('pay rent 2027-01-05', FRIDAY)).toEqual({ title: 'pay rent', words: '2027-01-05', date: '2027-01-05' });
    expect(parseTrailingDate('pay rent 2027-02-30', FRIDAY)).toBeNull();
    expect(parseTrailingDate('pay rent 2027-13-01', FRIDAY)).toBeNull();
  });

  it('takes "on", "by" or "due" before the date with it', () => {
    expect(parseTrailingDate('call mom on fri', WEDNESDAY)).toEqual({ title: 'call mom', words: 'on fri', date: '2026-12-11' });
    expect(parseTrailingDate('taxes due 2027-04-15', WEDNESDAY)?.title).toBe('taxes');
    expect(parseTrailingDate('essay by tomorrow', WEDNESDAY)?.title).toBe('essay');
  });

  it('leaves a title alone when it does not end with a date or would be left empty', () => {
    expect(parseTrailingDate('buy milk', FRIDAY)).toBeNull();
    expect(parseTrailingDate('fried rice', FRIDAY)).toBeNull();
    expect(parseTrailingDate('tomorrow', FRIDAY)).toBeNull();
    expect(parseTrailingDate('meet fri at noon', FRIDAY)).toBeNull();
    expect(parseTrailingDate('', FRIDAY)).toBeNull();
  });

  it('stores the day as the task editor does: midnight UTC', () => {
    expect(dueAtOf('2027-01-05')).toBe('2027-01-05T00:00:00.000Z');
    expect(calendarDay(new Date(2027, 0, 5, 23, 59))).toBe('2027-01-05');
  });
});
