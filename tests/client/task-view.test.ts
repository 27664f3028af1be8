import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completedLast, formatDueDay, isOverdue } from '../../client/src/features/tasks/task-view';

describe('the task list view', () => {
  it('shows completed tasks below the open ones, each group in position order', () => {
    const tasks = [
      { id: 'a', done: true },
      { id: 'b', done: false },
      { id: 'c', done: true },
      { id: 'd', done: false },
    ];
    expect(completedLast(tasks).map((task) => task.id)).toEqual(['b', 'd', 'a', 'c']);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 30 }), (dones) => {
        const list = dones.map((done, index) => ({ index, done }));
        const shown = completedLast(list);
        const firstDone = shown.findIndex((task) => task.done);
        expect(shown).toHaveLength(list.length);
        if (firstDone >= 0) expect(shown.slice(firstDone).every((task) => task.done)).toBe(true);
        // Stable: within each group the order is the one given.
        for (const done of [false, true]) {
          const group = shown.filter((task) => task.done === done).map((task) => task.index);
          expect(group).toEqual([...group].sort((x, y) => x - y));
        }
      }),
    );
  });

  it('shows the year of a due date only when it is not this year', () => {
    const now = new Date(2026, 11, 4, 12);
    expect(formatDueDay('2026-12-11T00:00:00.000Z', now, { locale: 'en-GB' })).toBe('Fri 11 Dec');
    expect(formatDueDay('2020-01-15T00:00:00.000Z', now, { locale: 'en-GB' })).toBe('Wed, 15 Jan 2020');
    expect(formatDueDay('2027-01-05T00:00:00.000Z', now, { locale: 'en-US' })).toBe('Tue, Jan 5, 2027');
    // The badge of a task row, without the weekday.
    expect(formatDueDay('2020-01-15T00:00:00.000Z', now, { locale: 'en-GB', weekday: false })).toBe('15 Jan 2020');
    expect(formatDueDay('2026-01-15T00:00:00.000Z', now, { locale: 'en-US', weekday: false })).toBe('Jan 15');
  });

  it('is overdue before today only', () => {
    expect(isOverdue('2026-12-03T00:00:00.000Z', '2026-12-04')).toBe(true);
    expect(isOverdue('2026-12-04T00:00:00.000Z', '2026-12-04')).toBe(false);
  });
});
