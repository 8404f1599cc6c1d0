import { describe, expect, it } from 'vitest';
import { OutputBatcher, type BatchTimer } from './outputBatcher';

/** A manual clock: timers fire only when the test advances time. */
class FakeTimer implements BatchTimer {
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) continue;
      this.timers.delete(id);
      timer.callback();
    }
  }
}

function setup(options: { intervalMs?: number; maxBytes?: number } = {}) {
  const timer = new FakeTimer();
  const flushed: Array<{ at: number; data: string }> = [];
  const batcher = new OutputBatcher((data) => flushed.push({ at: timer.now, data }), { ...options, timer });
  return { timer, flushed, batcher };
}

describe('OutputBatcher', () => {
  it('coalesces chunks into one batch sent 16 ms after the first', () => {
    const { timer, flushed, batcher } = setup();
    batcher.push(Buffer.from('a'));
    timer.advance(5);
    batcher.push(Buffer.from('b'));
    timer.advance(10);
    batcher.push('c');
    expect(flushed).toEqual([]);
    timer.advance(1);
    expect(flushed).toEqual([{ at: 16, data: 'abc' }]);
    batcher.push(Buffer.from('d'));
    timer.advance(16);
    expect(flushed).toEqual([
      { at: 16, data: 'abc' },
      { at: 32, data: 'd' },
    ]);
    expect(timer.pending).toBe(0);
  });

  it('sends at once when the size cap is reached, and restarts the timer for what follows', () => {
    const { timer, flushed, batcher } = setup({ maxBytes: 10 });
    batcher.push(Buffer.from('12345'));
    batcher.push(Buffer.from('67890'));
    expect(flushed).toEqual([{ at: 0, data: '1234567890' }]);
    expect(timer.pending).toBe(0);
    batcher.push(Buffer.from('x'));
    timer.advance(16);
    expect(flushed.map((f) => f.data)).toEqual(['1234567890', 'x']);
  });

  it('never splits a multi-byte character across batches, whatever the chunk boundaries', () => {
    const text = 'é😀日本 ascii ü'.repeat(50);
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 5, 7]) {
      const { timer, flushed, batcher } = setup({ maxBytes: 11 });
      for (let i = 0; i < bytes.length; i += size) {
        batcher.push(bytes.subarray(i, i + size));
        timer.advance(3);
      }
      batcher.end();
      expect(flushed.map((f) => f.data).join('')).toBe(text);
      for (const { data } of flushed) {
        expect(data).not.toContain('\uFFFD');
        const last = data.charCodeAt(data.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }
    }
  });

  it('at the end, sends what is pending and turns an incomplete character into U+FFFD', () => {
    const { flushed, batcher, timer } = setup();
    batcher.push(Buffer.from('ok '));
    batcher.push(Buffer.from('😀', 'utf8').subarray(0, 2));
    batcher.end();
    expect(flushed).toEqual([{ at: 0, data: 'ok \uFFFD' }]);
    expect(timer.pending).toBe(0);
  });

  it('drops pending output and timers on dispose', () => {
    const { flushed, batcher, timer } = setup();
    batcher.push(Buffer.from('lost'));
    batcher.dispose();
    timer.advance(100);
    batcher.push(Buffer.from('ignored'));
    expect(flushed).toEqual([]);
    expect(timer.pending).toBe(0);
  });
});
