import { describe, expect, it } from 'vitest';
import { parseBudget } from './parseBudget';

describe('parseBudget', () => {
  it('reads empty as no limit, and positive amounts (whole for tokens)', () => {
    expect(parseBudget('  ', false)).toBeNull();
    expect(parseBudget('$2.50', false)).toBe(2.5);
    expect(parseBudget('400,000', true)).toBe(400_000);
  });

  it('gives NaN for what is not a budget', () => {
    for (const [text, whole] of [['0', false], ['-1', false], ['two', false], ['1.5', true], ['0', true]] as const) {
      expect(parseBudget(text, whole)).toBeNaN();
    }
  });
});
