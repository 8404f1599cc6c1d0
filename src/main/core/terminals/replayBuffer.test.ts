import { describe, expect, it } from 'vitest';
import { ReplayBuffer, SAFE_BOUNDARY_SEARCH_CHARS, trimToSafeStart } from './replayBuffer';

describe('ReplayBuffer', () => {
  it('keeps everything under the cap, with the seq of the last batch', () => {
    const buffer = new ReplayBuffer(100);
    expect(buffer.snapshot()).toEqual({ data: '', seq: 0 });
    buffer.push(1, 'a\n');
    buffer.push(2, 'b\n');
    buffer.push(3, '');
    expect(buffer.snapshot()).toEqual({ data: 'a\nb\n', seq: 3 });
  });

  it('keeps only the last maxChars, cut just after a line break', () => {
    const buffer = new ReplayBuffer(20);
    for (let i = 1; i <= 10; i++) buffer.push(i, `line ${i}\n`);
    const { data, seq } = buffer.snapshot();
    expect(seq).toBe(10);
    expect(data.length).toBeLessThanOrEqual(20);
    expect(data).toBe('line 9\nline 10\n');
    expect(buffer.length).toBe(data.length);
  });

  it('cuts one oversized batch too, never between the halves of an emoji', () => {
    const buffer = new ReplayBuffer(5);
    buffer.push(1, '😀😀😀😀😀');
    const { data } = buffer.snapshot();
    expect(data).toBe('😀😀');
    expect(data.length).toBeLessThanOrEqual(5);
  });
});

describe('trimToSafeStart', () => {
  it('prefers a nearby line start, else a code point boundary', () => {
    expect(trimToSafeStart('abcdef', 10)).toBe('abcdef');
    expect(trimToSafeStart('aaaa\nbbbb', 6)).toBe('bbbb');
    expect(trimToSafeStart('x😀yz', 3)).toBe('yz');
    const far = `${'a'.repeat(10)}${'b'.repeat(SAFE_BOUNDARY_SEARCH_CHARS + 10)}\nend`;
    expect(trimToSafeStart(far, far.length - 5)).toHaveLength(far.length - 5);
  });
});
