import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../client/src/lib/relative-time';

describe('relative times', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  it('reads like people talk, and moves on as the clock does', () => {
    expect(relativeTime(ago(10), now)).toBe('just now');
    expect(relativeTime(ago(3 * 60), now)).toBe('3 minutes ago');
    expect(relativeTime(ago(3 * 60), now + 60_000)).toBe('4 minutes ago');
    expect(relativeTime(ago(2 * 3600), now)).toBe('2 hours ago');
    expect(relativeTime(ago(26 * 3600), now)).toBe('yesterday');
    expect(relativeTime(ago(20 * 86400), now)).toBe('3 weeks ago');
  });

  it('treats a small clock difference (a time just ahead of ours) as now', () => {
    expect(relativeTime(new Date(now + 5_000), now)).toBe('just now');
  });
});
