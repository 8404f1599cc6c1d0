import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from './closestMatch';

describe('closestMatch', () => {
  it('suggests the near miss, ignoring case, and nothing for unrelated words', () => {
    expect(closestMatch('fils', ['files', 'reads', 'id'])).toBe('files');
    expect(closestMatch('DependsOn', ['dependsOn', 'title'])).toBe('dependsOn');
    expect(closestMatch('zzz', ['files', 'reads'])).toBeUndefined();
    expect(closestMatch('ab', ['cd'])).toBeUndefined();
    expect(closestMatch('files', ['files'])).toBeUndefined();
  });

  it('gives no hint among too many candidates rather than spend the time', () => {
    const many = new Set(Array.from({ length: 6000 }, (_, i) => `task-${i}`));
    expect(closestMatch('task-1x', many)).toBeUndefined();
    expect(closestMatch('task-1x', [...many].slice(0, 100))).toBe('task-1');
  });

  it('formats a hint to append to a message', () => {
    expect(didYouMean('verfy', ['verify'])).toBe(' (did you mean "verify"?)');
    expect(didYouMean('x', [])).toBe('');
  });
});
