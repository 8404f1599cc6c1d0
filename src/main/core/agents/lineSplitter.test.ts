import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lineSplitter';

describe('LineSplitter', () => {
  it('joins a line split across chunks and accepts \\n, \\r\\n and \\r as line ends', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":')).toEqual([]);
    expect(splitter.push('1}\r\n{"b":2}\nplain\rnext')).toEqual(['{"a":1}', '{"b":2}', 'plain']);
    expect(splitter.flush()).toEqual(['next']);
    expect(splitter.flush()).toEqual([]);
  });

  it('cuts a runaway line instead of buffering it without bound', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push('x'.repeat(25))).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(splitter.flush()).toEqual(['x'.repeat(5)]);
  });
});
