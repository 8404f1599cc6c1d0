import { describe, expect, it } from 'vitest';
import { applyHunk, countHunks, findMarker, hasMarkers, markerLinesOf, parseConflicts } from './conflictMarkers';

const TWO_HUNKS = [
  'top\n',
  '<<<<<<< main\n',
  'main 1\n',
  '=======\n',
  'task 1\n',
  '>>>>>>> wavelane/t1\n',
  'middle\n',
  '<<<<<<< main\n',
  'main 2\n',
  '||||||| base\n',
  'base 2\n',
  '=======\n',
  'task 2a\n',
  'task 2b\n',
  '>>>>>>> wavelane/t1\n',
  'end\n',
].join('');

describe('conflict markers', () => {
  it('parses hunks in both styles, with their sides and lines', () => {
    const segments = parseConflicts(TWO_HUNKS);
    const hunks = segments.filter((segment) => segment.kind === 'hunk');
    expect(hunks).toMatchObject([
      { line: 2, ours: 'main 1\n', base: null, theirs: 'task 1\n' },
      { line: 8, ours: 'main 2\n', base: 'base 2\n', theirs: 'task 2a\ntask 2b\n' },
    ]);
    expect(countHunks(TWO_HUNKS)).toBe(2);
  });

  it('applies take ours, take theirs and take both to one hunk only', () => {
    const ours = applyHunk(TWO_HUNKS, 0, 'ours');
    expect(ours.ok && ours.value).toBe(TWO_HUNKS.replace('<<<<<<< main\nmain 1\n=======\ntask 1\n>>>>>>> wavelane/t1\n', 'main 1\n'));
    const theirs = applyHunk(TWO_HUNKS, 1, 'theirs');
    if (!theirs.ok) throw new Error(theirs.error.message);
    expect(countHunks(theirs.value)).toBe(1);
    expect(theirs.value.endsWith('middle\ntask 2a\ntask 2b\nend\n')).toBe(true);
    const both = applyHunk(theirs.value, 0, 'both');
    expect(both.ok && both.value).toBe('top\nmain 1\ntask 1\nmiddle\ntask 2a\ntask 2b\nend\n');
    expect(both.ok && hasMarkers(both.value)).toBe(false);
    expect(applyHunk(TWO_HUNKS, 2, 'ours')).toMatchObject({ ok: false, error: { code: 'NO_SUCH_HUNK' } });
  });

  it('keeps CRLF line ends and recognises CRLF markers', () => {
    const text = 'a\r\n<<<<<<< main\r\nM\r\n=======\r\nT\r\n>>>>>>> task\r\nz\r\n';
    expect(countHunks(text)).toBe(1);
    const both = applyHunk(text, 0, 'both');
    expect(both.ok && both.value).toBe('a\r\nM\r\nT\r\nz\r\n');
  });

  it('finds a leftover marker with its line, but not a Markdown underline or allowed fixture lines', () => {
    expect(findMarker('title\n=======\n')).toBeNull();
    expect(findMarker('ok\nstill ok\n>>>>>>> wavelane/t1\n')).toEqual({ line: 3, text: '>>>>>>> wavelane/t1' });
    expect(findMarker('x\n<<<<<<<\n')).toEqual({ line: 2, text: '<<<<<<<' });
    // Seven characters then text without a space is not git's marker.
    expect(findMarker('<<<<<<<<<< not a marker\n')).toBeNull();
    const fixture = 'const sample = `\n<<<<<<< ours\n`;\n';
    expect(findMarker(fixture, markerLinesOf(fixture))).toBeNull();
    expect(findMarker(`${fixture}<<<<<<< main\n`, markerLinesOf(fixture))).toEqual({ line: 4, text: '<<<<<<< main' });
  });

  it('treats an unterminated hunk as text (not a hunk) that still holds a marker', () => {
    const text = 'a\n<<<<<<< main\nM\n=======\nT\n';
    expect(countHunks(text)).toBe(0);
    expect(findMarker(text)).toEqual({ line: 2, text: '<<<<<<< main' });
    expect(parseConflicts(text)).toEqual([{ kind: 'text', text }]);
  });
});
