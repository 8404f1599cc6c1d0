import { describe, expect, it } from 'vitest';
import { computeWindow, prefixOffsets } from './virtualWindow';

describe('virtual window', () => {
  const offsets = prefixOffsets(1000, () => 100);

  it('sums item heights into offsets', () => {
    expect(prefixOffsets(3, (i) => [10, 20, 30][i] ?? 0)).toEqual([0, 10, 30, 60]);
  });

  it('renders only the items in view plus overscan, with padding for the rest', () => {
    const shown = computeWindow(offsets, 5000, 500, 2);
    expect(shown).toEqual({ start: 48, end: 57, padTop: 4800, padBottom: (1000 - 57) * 100 });
    expect(shown.end - shown.start).toBeLessThan(20);
  });

  it('stays inside the list at both ends', () => {
    expect(computeWindow(offsets, 0, 300, 3)).toMatchObject({ start: 0, end: 6, padTop: 0 });
    const last = computeWindow(offsets, 1e9, 300, 3);
    expect(last.end).toBe(1000);
    expect(last.padBottom).toBe(0);
    expect(computeWindow([0], 0, 300, 3)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('follows items of different heights', () => {
    const mixed = prefixOffsets(4, (i) => [50, 400, 50, 50][i] ?? 0);
    // The viewport [100, 200) lies inside the tall item 1.
    expect(computeWindow(mixed, 100, 100, 0)).toEqual({ start: 1, end: 2, padTop: 50, padBottom: 100 });
  });
});
