import { alpha, createTheme, type CSSVariablesResolver, darken, keys, luminance, type MantineTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

/** WCAG AA for normal-size text. */
const MIN_CONTRAST = 4.5;

function contrast(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** `color` at `opacity` over white, as a hex colour (what a "light" background looks like on the page). */
function overWhite(color: string, opacity: number): string {
  const channel = (index: number) => {
    const value = parseInt(color.slice(1 + index * 2, 3 + index * 2), 16);
    return Math.round(value * opacity + 255 * (1 - opacity))
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** The lightest shade (from `from`) that reaches 4.5:1 on every background; darker than shade 9 if none does. */
function readableShade(shades: readonly string[], from: number, backgrounds: string[]): string {
  const passes = (color: string) => backgrounds.every((background) => contrast(color, background) >= MIN_CONTRAST);
  const shade = shades.slice(from).find(passes);
  if (shade) return shade;
  let color = shades[9]!;
  for (let step = 1; step <= 10 && !passes(color); step += 1) color = darken(shades[9]!, step * 0.05);
  return color;
}

/**
 * Mantine's light scheme paints coloured text with shade 6 (grey secondary text 3.32:1, violet on its
 * light background 4.34:1, red 3.28:1) and white on filled shade 6 (red 3.28:1). Here every colour's
 * text, light-variant, outline and error colour is the lightest shade that reaches 4.5:1 on white and on
 * that colour's light background, and filled backgrounds are dark enough for white text. The dark
 * scheme's defaults already pass. The hues stay the same, so the look does not change much.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved: MantineTheme) => {
  const light: Record<string, string> = {};
  for (const name of keys(resolved.colors)) {
    const shades = resolved.colors[name];
    if (!Array.isArray(shades) || shades.length < 10 || !shades.every((shade) => /^#[0-9a-f]{6}$/i.test(shade))) continue;
    // Mantine's light background is shade 6 at 10 % (12 % hovered); a light badge inside an active nav
    // link stacks two of them (~22 %).
    const text = readableShade(shades, 7, ['#ffffff', overWhite(shades[6]!, 0.24)]);
    const filled = readableShade(shades, 6, ['#ffffff']);
    light[`--mantine-color-${name}-text`] = text;
    light[`--mantine-color-${name}-light-color`] = text;
    light[`--mantine-color-${name}-outline`] = text;
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
    light[`--mantine-color-${name}-light`] = alpha(shades[6]!, 0.1);
    light[`--mantine-color-${name}-light-hover`] = alpha(shades[6]!, 0.12);
  }
  light['--mantine-color-dimmed'] = 'var(--mantine-color-gray-7)';
  light['--mantine-color-error'] = 'var(--mantine-color-red-text)';
  return { variables: {}, light, dark: {} };
};
