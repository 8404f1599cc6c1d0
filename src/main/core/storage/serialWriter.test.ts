import { describe, expect, it } from 'vitest';
import { SerialWriter } from './serialWriter';

/** A write that takes a few real ticks, recording what it wrote and whether two ever overlapped. */
function recordingWrite() {
  const written: string[] = [];
  let active = 0;
  let overlapped = false;
  const write = async (content: string) => {
    active++;
    if (active > 1) overlapped = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (content === 'fail') {
      active--;
      throw new Error('disk full');
    }
    written.push(content);
    active--;
  };
  return { write, written, overlapped: () => overlapped };
}

describe('SerialWriter', () => {
  it('never overlaps writes, keeps call order, and coalesces a burst to its newest content', async () => {
    const sink = recordingWrite();
    const writer = new SerialWriter(sink.write);
    const calls = Array.from({ length: 10 }, (_, i) => writer.write(`v${i}`));
    await Promise.all(calls);
    expect(sink.overlapped()).toBe(false);
    // The first write starts at once; the nine queued behind it collapse into the newest.
    expect(sink.written).toEqual(['v0', 'v9']);
    await writer.write('v10');
    expect(sink.written.at(-1)).toBe('v10');
  });

  it('rejects the callers of a failed write, and recovers for the next', async () => {
    const sink = recordingWrite();
    const writer = new SerialWriter(sink.write);
    const first = writer.write('ok1');
    const failing = writer.write('fail');
    await expect(first).resolves.toBeUndefined();
    await expect(failing).rejects.toThrow('disk full');
    await writer.write('ok2');
    expect(sink.written).toEqual(['ok1', 'ok2']);
  });

  it('reports idle only when nothing is written or queued', async () => {
    const sink = recordingWrite();
    const writer = new SerialWriter(sink.write);
    await writer.idle();
    void writer.write('a');
    void writer.write('b');
    await writer.idle();
    expect(sink.written).toEqual(['a', 'b']);
  });
});
