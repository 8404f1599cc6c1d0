import { describe, expect, it } from 'vitest';
import { objectiveColor, objectiveHue } from './objectiveColor';

describe('objectiveColor', () => {
  it('gives the same colour to the same id every time', () => {
    expect(objectiveColor('auth')).toBe(objectiveColor('auth'));
    expect(objectiveColor('auth')).toMatch(/^hsl\(\d{1,3} \d+% \d+%\)$/);
  });

  it('spreads ids over the hue circle', () => {
    const hues = Array.from({ length: 200 }, (_, i) => objectiveHue(`objective-${i}`));
    expect(hues.every((hue) => Number.isInteger(hue) && hue >= 0 && hue < 360)).toBe(true);
    // 200 ids over 12 sectors of 30 degrees: every sector gets some.
    const sectors = new Set(hues.map((hue) => Math.floor(hue / 30)));
    expect(sectors.size).toBe(12);
    expect(objectiveHue('auth')).not.toBe(objectiveHue('auth2'));
  });
});
