import { describe, expect, it } from 'vitest';
import { conflictFile, resolved } from './conflictFixtures';
import { conflictsLeftText, resultStatus } from './resultStatus';

const file = conflictFile('a.txt');

describe('resultStatus', () => {
  it('counts the hunks and keeps Mark resolved disabled while any is left', () => {
    const status = resultStatus(file.result!, file, false);
    expect(status.counter).toBe('1 conflict left');
    expect(status.markers).toEqual([2, 4, 6]);
    expect(status.canMark).toBe(false);
    expect(status.hint).toBe('Take a side or edit each conflict until no conflict markers remain.');
  });

  it('points at stray markers left after free editing', () => {
    const status = resultStatus('one\nTWO main\n=======\nthree\n>>>>>>> wavelane/t1\n', file, false);
    expect(status.counter).toBe('0 conflicts left');
    expect(status.canMark).toBe(false);
    expect(status.hint).toBe('Conflict markers remain on lines 3, 5.');
  });

  it('enables Mark resolved once the text is clean, unless locked', () => {
    expect(resultStatus('one\nTWO both\nthree\n', file, false)).toMatchObject({ canMark: true, hint: 'No conflict markers remain.' });
    expect(resultStatus('one\nTWO both\nthree\n', file, true).canMark).toBe(false);
  });

  it('lets a side keep its own marker-like line', () => {
    const doc = conflictFile('README.md', { base: null, ours: 'T\n=======\na\n', theirs: 'T\n=======\nb\n' });
    expect(resultStatus('T\n=======\na\nb\n', doc, false).canMark).toBe(true);
  });

  it('has nothing to save for the text already marked resolved, and says whose it is', () => {
    const mine = resolved(file, 'user', 'one\nx\nthree\n');
    expect(resultStatus('one\nx\nthree\n', mine, false)).toMatchObject({ canMark: false, hint: 'Marked resolved. Edit it again to change the resolution.' });
    const agents = resolved(file, 'agent', 'one\nx\nthree\n');
    expect(resultStatus('one\nx\nthree\n', agents, false).hint).toBe("This is the agent's resolution: edit it, or keep it as it is.");
    expect(resultStatus('one\ny\nthree\n', agents, false).canMark).toBe(true);
  });

  it('words the counter in the singular and plural', () => {
    expect([0, 1, 3].map(conflictsLeftText)).toEqual(['0 conflicts left', '1 conflict left', '3 conflicts left']);
  });
});
