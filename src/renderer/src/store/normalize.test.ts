import { describe, expect, it } from 'vitest';
import { byIdShared, sameJson, shareIfSame } from './normalize';

describe('normalize', () => {
  it('compares JSON values structurally, ignoring undefined fields', () => {
    expect(sameJson({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });

  it('reuses unchanged entities and the whole record when nothing changed', () => {
    const first = byIdShared({}, [{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
    const same = byIdShared(first, [{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
    expect(same).toBe(first);
    const changed = byIdShared(first, [{ id: 'a', v: 1 }, { id: 'b', v: 2 }]);
    expect(changed).not.toBe(first);
    expect(changed.a).toBe(first.a);
    expect(changed.b).toEqual({ id: 'b', v: 2 });
    const removed = byIdShared(first, [{ id: 'a', v: 1 }]);
    expect(Object.keys(removed)).toEqual(['a']);
  });

  it('keeps the previous value when equal', () => {
    const previous = { waves: [['a']] };
    expect(shareIfSame(previous, { waves: [['a']] })).toBe(previous);
  });
});
