import { describe, expect, it } from 'vitest';
import { isValidId } from '../../../shared/plan/planId';
import { sanitizeId, uniqueId } from './deriveId';

describe('sanitizeId', () => {
  it('turns foreign ids into valid ones, or nothing', () => {
    expect(sanitizeId('db 2')).toBe('db-2');
    expect(sanitizeId('#3: users/table')).toBe('3-users-table');
    expect(sanitizeId('Ünïcode id')).toBe('n-code-id');
    expect(sanitizeId('---')).toBe('');
    expect(sanitizeId('')).toBe('');
    // Git refuses these in a branch name (wavelane/<id>): the derived id drops what git would refuse.
    expect(sanitizeId('v1..v2')).toBe('v1.v2');
    expect(sanitizeId('x.lock')).toBe('x');
    expect(sanitizeId('e.')).toBe('e');
    expect(sanitizeId('step 1.lock.')).toBe('step-1');
    const long = sanitizeId('a'.repeat(100));
    expect(long).toHaveLength(64);
    expect(isValidId(long)).toBe(true);
  });
});

describe('uniqueId', () => {
  it('adds a number until the id is free, staying within 64 characters', () => {
    const taken = new Set(['x', 'x-2']);
    expect(uniqueId('x', taken)).toBe('x-3');
    expect(uniqueId('y', taken)).toBe('y');
    expect(taken.has('x-3') && taken.has('y')).toBe(true);
    const long = 'a'.repeat(64);
    const again = uniqueId(long, new Set([long]));
    expect(again).toBe(`${'a'.repeat(62)}-2`);
    expect(isValidId(again)).toBe(true);
  });
});
