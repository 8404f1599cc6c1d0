import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from './parseUnifiedDiff';
import { sideBySide } from './sideBySide';

const hunkOf = (body: string) => parseUnifiedDiff(`diff --git a/f b/f\n--- a/f\n+++ b/f\n${body}`)[0]!.hunks[0]!;
const show = (rows: ReturnType<typeof sideBySide>) =>
  rows.map((row) => `${row.left ? `${row.left.no}${row.left.kind[0]}:${row.left.text}` : '-'} | ${row.right ? `${row.right.no}${row.right.kind[0]}:${row.right.text}` : '-'}`);

describe('sideBySide', () => {
  it('pairs a rewritten line across and keeps context on both sides', () => {
    const hunk = hunkOf('@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    expect(show(sideBySide(hunk))).toEqual(['1c:a | 1c:a', '2d:b | 2a:B', '3c:c | 3c:c']);
  });

  it('lets the longer run continue alone', () => {
    const hunk = hunkOf('@@ -1,2 +1,4 @@\n-x\n+X\n+Y\n+Z\n k\n');
    expect(show(sideBySide(hunk))).toEqual(['1d:x | 1a:X', '- | 2a:Y', '- | 3a:Z', '2c:k | 4c:k']);
  });

  it('shows a pure deletion on the left only', () => {
    const hunk = hunkOf('@@ -1,3 +1,1 @@\n k\n-x\n-y\n');
    expect(show(sideBySide(hunk))).toEqual(['1c:k | 1c:k', '2d:x | -', '3d:y | -']);
  });

  it('starts a new pairing when a deletion follows additions', () => {
    const hunk = hunkOf('@@ -1,2 +1,2 @@\n-a\n+A\n-b\n+B\n');
    expect(show(sideBySide(hunk))).toEqual(['1d:a | 1a:A', '2d:b | 2a:B']);
  });
});
