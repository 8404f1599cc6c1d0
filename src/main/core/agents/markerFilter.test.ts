import { describe, expect, it } from 'vitest';
import { MarkerFilter } from './markerFilter';

const marker = Buffer.from('\x1b]6973;token\x07');

function run(chunks: Buffer[]): { out: string; found: boolean } {
  const filter = new MarkerFilter(marker);
  const parts = chunks.map((chunk) => filter.push(chunk));
  parts.push(filter.flush());
  return { out: Buffer.concat(parts).toString('latin1'), found: filter.found };
}

function splitEvery(data: Buffer, size: number): Buffer[] {
  const result: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) result.push(data.subarray(i, i + size));
  return result;
}

describe('MarkerFilter', () => {
  it('removes the marker wherever chunk boundaries fall, and passes every other byte in order', () => {
    const stream = Buffer.concat([Buffer.from('before \x1b]0;title\x07 \x1b]6973;tok'), marker, Buffer.from(' after')]);
    const expected = 'before \x1b]0;title\x07 \x1b]6973;tok after';
    for (const size of [1, 2, 3, 5, 8, 13, stream.length]) {
      expect(run(splitEvery(stream, size)), `chunks of ${size}`).toEqual({ out: expected, found: true });
    }
  });

  it('holds back only a possible marker start, and releases it when the stream ends without the marker', () => {
    const filter = new MarkerFilter(marker);
    expect(filter.push(Buffer.from('abc\x1b]69')).toString()).toBe('abc');
    expect(filter.push(Buffer.from('xy')).toString('latin1')).toBe('\x1b]69xy');
    expect(filter.push(Buffer.from('end\x1b')).toString()).toBe('end');
    expect(filter.flush().toString('latin1')).toBe('\x1b');
    expect(filter.found).toBe(false);
  });

  it('removes only the first marker', () => {
    expect(run([Buffer.concat([marker, Buffer.from('x'), marker])])).toEqual({ out: `x${marker.toString('latin1')}`, found: true });
  });
});
