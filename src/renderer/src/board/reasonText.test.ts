import { describe, expect, it } from 'vitest';
import { reasonText, waveLaneLabel } from './reasonText';

describe('reason texts', () => {
  it('names wave lanes from 1', () => {
    expect([0, 1, 9].map(waveLaneLabel)).toEqual(['Wave 1', 'Wave 2', 'Wave 10']);
  });

  it('says which task a dependency waits for', () => {
    expect(reasonText({ kind: 'dependency', on: 'login-api' })).toBe('after login-api');
  });

  it('says which lock a task waits for and who holds it', () => {
    expect(reasonText({ kind: 'lock', heldBy: 'login-api', globs: ['src/auth/**'] })).toBe(
      'waits for lock src/auth/** held by login-api',
    );
    expect(reasonText({ kind: 'lock', heldBy: 'db', globs: ['a/**', 'b.ts'] })).toBe('waits for lock a/**, b.ts held by db');
  });
});
