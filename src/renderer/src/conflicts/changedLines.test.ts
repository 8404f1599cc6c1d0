import { describe, expect, it } from 'vitest';
import { changedLines } from './changedLines';

describe('changedLines', () => {
  it('finds a rewritten line on both sides', () => {
    expect(changedLines('one\ntwo\nthree\n', 'one\nTWO\nthree\n')).toEqual({ from: [2], to: [2] });
  });

  it('marks added lines only in the newer text and removed ones only in the older', () => {
    expect(changedLines('a\nb\n', 'a\nx\ny\nb\n')).toEqual({ from: [], to: [2, 3] });
    expect(changedLines('a\nx\ny\nb\n', 'a\nb\n')).toEqual({ from: [2, 3], to: [] });
  });

  it('finds nothing between equal texts, whatever their line endings', () => {
    expect(changedLines('a\nb\n', 'a\nb\n')).toEqual({ from: [], to: [] });
    expect(changedLines('a\r\nb\r\n', 'a\nb\n')).toEqual({ from: [], to: [] });
  });

  it('handles a side that did not exist (an empty base)', () => {
    expect(changedLines('', 'a\nb')).toEqual({ from: [], to: [1, 2] });
  });
});
