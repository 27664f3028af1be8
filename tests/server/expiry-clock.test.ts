import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExpiryClock } from '../../server/src/app/expiry-clock.js';

describe('ExpiryClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends each item at its own second, never early, with one timer for all of them', () => {
    const ended: string[] = [];
    const clock = new ExpiryClock<string>((item) => ended.push(item));
    clock.add('b', 1_005_000);
    clock.add('a', 1_002_000);
    clock.add('a2', 1_001_500); // rounded up to 1_002_000
    clock.add('c', 1_009_000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_999);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ended.sort()).toEqual(['a', 'a2']);
    vi.advanceTimersByTime(2_999);
    expect(ended).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(ended.at(-1)).toBe('b');
    vi.advanceTimersByTime(4_000);
    expect(ended.at(-1)).toBe('c');
    expect(clock.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forgets removed items, ends an already expired one at once, and stops', () => {
    const ended: string[] = [];
    const clock = new ExpiryClock<string>((item) => ended.push(item));
    const key = clock.add('gone', 1_003_000);
    clock.add('kept', 1_003_000);
    clock.remove('gone', key);
    clock.add('late', 999_000);
    vi.advanceTimersByTime(0);
    expect(ended).toEqual(['late']);
    vi.advanceTimersByTime(3_000);
    expect(ended).toEqual(['late', 'kept']);
    clock.add('never', 1_010_000);
    clock.stop();
    vi.advanceTimersByTime(20_000);
    expect(ended).toEqual(['late', 'kept']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an earlier item moves the timer forward; one ended may add another', () => {
    const ended: string[] = [];
    const clock = new ExpiryClock<string>((item) => {
      ended.push(item);
      if (item === 'first') clock.add('added', Date.now() + 1_000);
    });
    clock.add('later', 1_010_000);
    clock.add('first', 1_001_000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(ended).toEqual(['first']);
    vi.advanceTimersByTime(1_000);
    expect(ended).toEqual(['first', 'added']);
    vi.advanceTimersByTime(8_000);
    expect(ended).toEqual(['first', 'added', 'later']);
  });
});
