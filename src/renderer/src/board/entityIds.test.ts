import { describe, expect, it } from 'vitest';
import { isValidId, nextAdrId, slugId, splitIds, splitLines } from './entityIds';

describe('entity ids', () => {
  it('derives a valid, unique id from a title', () => {
    expect(slugId('Login API', new Set())).toBe('login-api');
    expect(slugId('Login API', new Set(['login-api', 'login-api-2']))).toBe('login-api-3');
    expect(slugId('Crème brûlée!', new Set())).toBe('creme-brulee');
    expect(slugId('???', new Set(), 'task')).toBe('task');
    const long = slugId('x'.repeat(200), new Set());
    expect(isValidId(long)).toBe(true);
  });

  it('numbers ADRs after the highest one in use', () => {
    expect(nextAdrId([])).toBe('ADR-001');
    expect(nextAdrId(['ADR-002', 'adr-010', 'other'])).toBe('ADR-011');
  });

  it('splits id lists on commas and spaces, and globs on lines only', () => {
    expect(splitIds(' a, b  c,,a ')).toEqual(['a', 'b', 'c']);
    expect(splitLines('src/{a,b}/**\n\n  docs/*.md \r\nsrc/{a,b}/**')).toEqual(['src/{a,b}/**', 'docs/*.md']);
  });
});
