import { describe, expect, it } from 'vitest';
import { decodeRequestPath, loggableTarget } from './requestPath';

describe('decodeRequestPath', () => {
  it('decodes ordinary paths', () => {
    expect(decodeRequestPath('/assets/app.js?token=T')).toEqual({ ok: true, value: '/assets/app.js' });
    expect(decodeRequestPath('/a%20b')).toEqual({ ok: true, value: '/a b' });
    expect(decodeRequestPath(undefined)).toEqual({ ok: true, value: '/' });
  });

  it.each([
    ['a truncated escape', '/%E0%A4%A?token=T'],
    ['overlong UTF-8 dots', '/%c0%ae%c0%ae/'],
    ['a lone surrogate half', '/%ED%A0%80'],
    ['a NUL byte', '/index.html%00.js'],
    ['a target that is not a URL', 'http://['],
  ])('refuses %s without throwing', (_name, target) => {
    const decoded = decodeRequestPath(target);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.error.code).toBe('BAD_PATH');
  });
});

describe('loggableTarget', () => {
  it('withholds the query (where the token rides) and quotes control characters', () => {
    expect(loggableTarget('/%E0%A4%A?token=secret')).toBe('"/%E0%A4%A?<query withheld>"');
    expect(loggableTarget('/x\n[forged] line')).toBe('"/x\\n[forged] line"');
    expect(loggableTarget(undefined)).toBe('""');
  });
});
