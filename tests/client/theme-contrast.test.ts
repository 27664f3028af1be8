import { DEFAULT_THEME, keys, luminance, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, theme } from '../../client/src/app/theme';

const resolved = mergeMantineTheme(DEFAULT_THEME, theme);
const light = cssVariablesResolver(resolved).light;

function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** A colour at `opacity` over white, as the page shows a Mantine "light" background. */
function overWhite(color: string, opacity: number): string {
  const channels = [1, 3, 5].map((start) => Math.round(parseInt(color.slice(start, start + 2), 16) * opacity + 255 * (1 - opacity)));
  return `#${channels.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

describe('the light scheme (decision 016)', () => {
  // Every palette colour, also those the app does not use yet: a new `color="cyan"` is covered too.
  it.each(keys(resolved.colors).filter((name) => name !== 'dark'))('%s text reaches 4.5:1 on white and on its light background; white on filled too', (name) => {
    const text = light[`--mantine-color-${name}-text`]!;
    expect(light[`--mantine-color-${name}-light-color`]).toBe(text);
    expect(contrast(text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // A light badge inside an active nav link: two light backgrounds stacked.
    expect(contrast(text, overWhite(resolved.colors[name]![6], 0.22))).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#ffffff', light[`--mantine-color-${name}-filled`]!)).toBeGreaterThanOrEqual(4.5);
  });

  it('makes secondary (dimmed) text gray-7, 8:1 on white instead of gray-6 3.3:1', () => {
    expect(light['--mantine-color-dimmed']).toBe('var(--mantine-color-gray-7)');
    expect(contrast(resolved.colors.gray[7], '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
