import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyChoice, countHunks, findHunks, hunkReplacement, markerLines } from '../../../src/renderer/src/conflicts/conflictHunks';

const dir = mkdtempSync(path.join(os.tmpdir(), 'wavelane-hunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What git itself writes for a three-way merge of these texts (exit code = number of conflicts). */
function gitMerge(ours: string, base: string, theirs: string, style: 'merge' | 'diff3' = 'merge'): string {
  const files = { ours, base, theirs };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const args = ['merge-file', '-p', ...(style === 'diff3' ? ['--diff3'] : []), '-L', 'main', '-L', 'base', '-L', 'wavelane/t1'];
  try {
    return execFileSync('git', [...args, 'ours', 'base', 'theirs'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    // merge-file exits with the number of conflicts; the merged text is still on stdout.
    return (error as { stdout: string }).stdout;
  }
}

// Far enough apart that git does not fold the two changes into one hunk.
const MIDDLE = 'three\nfour\nfive\nfive-b\nfive-c\nfive-d\n';
const BASE = `one\ntwo\n${MIDDLE}six\nseven\n`;
const OURS = `one\nTWO main\n${MIDDLE}SIX main\nseven\n`;
const THEIRS = `one\nTWO task\n${MIDDLE}SIX task\nseven\n`;

describe('findHunks on what git writes', () => {
  it('finds both hunks of a merge-style conflict with their sides and labels', () => {
    const merged = gitMerge(OURS, BASE, THEIRS);
    const hunks = findHunks(merged);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]).toMatchObject({ index: 0, oursLabel: 'main', theirsLabel: 'wavelane/t1', ours: 'TWO main\n', theirs: 'TWO task\n', base: null });
    expect(hunks[1]).toMatchObject({ index: 1, ours: 'SIX main\n', theirs: 'SIX task\n' });
    expect(merged.slice(hunks[0]!.from, hunks[0]!.to)).toBe('<<<<<<< main\nTWO main\n=======\nTWO task\n>>>>>>> wavelane/t1\n');
    expect(hunks[0]!.startLine).toBe(2);
    expect(hunks[0]!.endLine).toBe(6);
  });

  it('reads the base section of a diff3-style conflict', () => {
    const merged = gitMerge(OURS, BASE, THEIRS, 'diff3');
    const hunks = findHunks(merged);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]).toMatchObject({ ours: 'TWO main\n', base: 'two\n', baseLabel: 'base', theirs: 'TWO task\n' });
    expect(hunks[0]!.markerSpans).toHaveLength(4);
    expect(merged.slice(hunks[0]!.baseSpan!.from, hunks[0]!.baseSpan!.to)).toBe('two\n');
  });

  it('keeps CRLF line endings in the sides', () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    const merged = gitMerge(crlf(OURS), crlf(BASE), crlf(THEIRS));
    const hunks = findHunks(merged);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]!.ours).toBe('TWO main\r\n');
    expect(applyChoice(merged, 0, 'theirs')).toContain('one\r\nTWO task\r\nthree\r\n');
  });

  it('handles a side that deleted the lines (an empty section)', () => {
    const merged = gitMerge(`one\n${MIDDLE}six\nseven\n`, BASE, `one\nTWO task\n${MIDDLE}six\nseven\n`);
    const [hunk] = findHunks(merged);
    expect(hunk?.ours).toBe('');
    expect(applyChoice(merged, 0, 'ours')).toBe(`one\n${MIDDLE}six\nseven\n`);
  });

  it('finds nothing in a clean merge', () => {
    const merged = gitMerge(`one\nTWO\n${MIDDLE}six\nseven\n`, BASE, `one\ntwo\n${MIDDLE}six\nSEVEN\n`);
    expect(findHunks(merged)).toEqual([]);
    expect(countHunks(merged)).toBe(0);
  });
});

describe('choosing a side', () => {
  const merged = gitMerge(OURS, BASE, THEIRS);

  it('takes ours, theirs or both for one hunk and leaves the other alone', () => {
    const ours = applyChoice(merged, 0, 'ours');
    expect(ours.startsWith('one\nTWO main\nthree\n')).toBe(true);
    expect(countHunks(ours)).toBe(1);
    const theirs = applyChoice(merged, 1, 'theirs');
    expect(theirs).toContain('five-d\nSIX task\nseven\n');
    expect(countHunks(theirs)).toBe(1);
    const both = applyChoice(merged, 0, 'both');
    expect(both.startsWith('one\nTWO main\nTWO task\nthree\n')).toBe(true);
  });

  it('resolves every hunk one after the other to a text without markers', () => {
    let text = merged;
    text = applyChoice(text, 0, 'theirs');
    text = applyChoice(text, 0, 'ours');
    expect(text).toBe(`one\nTWO task\n${MIDDLE}SIX main\nseven\n`);
    expect(markerLines(text)).toEqual([]);
  });

  it('leaves the text unchanged for a hunk that does not exist', () => {
    expect(applyChoice(merged, 5, 'ours')).toBe(merged);
  });

  it('keeps a file without a final line break that way', () => {
    const text = 'a\n<<<<<<< main\nb\n=======\nc\n>>>>>>> t';
    const [hunk] = findHunks(text);
    expect(hunkReplacement(text, hunk!, 'theirs')).toBe('c');
    expect(applyChoice(text, 0, 'both')).toBe('a\nb\nc');
  });
});

describe('half-edited hunks and stray markers', () => {
  it('does not count a hunk whose closing marker was deleted, but still reports its markers', () => {
    const text = 'a\n<<<<<<< main\nb\n=======\nc\nd\n';
    expect(countHunks(text)).toBe(0);
    expect(markerLines(text)).toEqual([2, 4]);
  });

  it('starts over at a second opening marker', () => {
    const text = '<<<<<<< main\nx\n<<<<<<< main\ny\n=======\nz\n>>>>>>> t\n';
    const hunks = findHunks(text);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.ours).toBe('y\n');
    expect(markerLines(text)).toEqual([1, 3, 5, 7]);
  });

  it('needs the exact marker size followed by a space or the end of the line', () => {
    expect(markerLines('<<<<<<<< eight\n<<<<<<<x\n<<<<<<<\n======== \n')).toEqual([3]);
  });

  it('treats a marker-like line that is in one of the sides as content', () => {
    const doc = 'Title\n=======\ntext\n';
    expect(markerLines(doc, [doc, null])).toEqual([]);
    expect(markerLines(doc)).toEqual([2]);
  });
});
