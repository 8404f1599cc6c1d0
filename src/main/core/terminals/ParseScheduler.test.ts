import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ParseScheduler, type ParseTarget } from './ParseScheduler';

/** A parser the test drives: it records what it was handed and finishes a piece when told. */
class RecordingTarget implements ParseTarget {
  readonly handed: string[] = [];
  private readonly pending: Array<() => void> = [];
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}
  write(data: string, parsed: () => void): void {
    this.handed.push(data);
    this.log.push(`${this.name}:${data}`);
    this.pending.push(parsed);
  }
  get busy(): number {
    return this.pending.length;
  }
  /** Finishes the oldest piece it holds. */
  finish(): void {
    this.pending.shift()?.();
  }
}

describe('ParseScheduler', () => {
  it('hands out at most `slots` pieces at a time, one per target, round robin', async () => {
    const log: string[] = [];
    const scheduler = new ParseScheduler(2, 4);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => new RecordingTarget(name, log)) as [RecordingTarget, RecordingTarget, RecordingTarget];
    scheduler.write(a, 'aaaaAAAA');
    scheduler.write(b, 'bbbb');
    scheduler.write(c, 'cccc');
    expect(log).toEqual(['a:aaaa', 'b:bbbb']);
    a.finish();
    // The next piece goes out on a later turn, never from inside the parser's callback.
    expect(log).toHaveLength(2);
    await nextTurn();
    expect(log).toEqual(['a:aaaa', 'b:bbbb', 'c:cccc']);
    b.finish();
    await nextTurn();
    expect(log.at(-1)).toBe('a:AAAA');
    expect(a.busy + b.busy + c.busy).toBe(2);
  });

  it('joins small writes into one piece, runs each callback once parsed, and never splits an emoji', async () => {
    const log: string[] = [];
    const scheduler = new ParseScheduler(1, 4);
    const blocker = new RecordingTarget('x', log);
    const target = new RecordingTarget('t', log);
    scheduler.write(blocker, 'xx');
    const parsed: string[] = [];
    scheduler.write(target, 'a', () => parsed.push('a'));
    scheduler.write(target, 'b', () => parsed.push('b'));
    scheduler.write(target, 'cd😀', () => parsed.push('cd😀'));
    blocker.finish();
    await nextTurn();
    expect(target.handed).toEqual(['ab']);
    target.finish();
    expect(parsed).toEqual(['a', 'b']);
    await nextTurn();
    // 'cd😀' is 4 UTF-16 units: the pair is not cut at the piece boundary.
    expect(target.handed.slice(1)).toEqual(['cd😀']);
    target.finish();
    expect(parsed).toEqual(['a', 'b', 'cd😀']);
  });

  it('runs a barrier right after what was queued before it; output queued after it waits for the next piece', async () => {
    const log: string[] = [];
    const scheduler = new ParseScheduler(1, 100);
    const blocker = new RecordingTarget('x', log);
    const target = new RecordingTarget('t', log);
    scheduler.write(blocker, 'x');
    scheduler.write(target, 'before');
    let seen: string[] = [];
    scheduler.write(target, '', () => (seen = [...target.handed]));
    scheduler.write(target, 'after');
    blocker.finish();
    await nextTurn();
    target.finish();
    expect(seen).toEqual(['before']);
    await nextTurn();
    expect(target.handed).toEqual(['before', 'after']);
  });

  it('frees the slot of a target that is forgotten while it parses', async () => {
    const log: string[] = [];
    const scheduler = new ParseScheduler(1, 100);
    const gone = new RecordingTarget('gone', log);
    const next = new RecordingTarget('next', log);
    scheduler.write(gone, 'g');
    scheduler.write(next, 'n');
    scheduler.forget(gone);
    expect(log).toEqual(['gone:g', 'next:n']);
    // A late callback of the forgotten target does not free a second slot.
    gone.finish();
    scheduler.write(new RecordingTarget('third', log), '3');
    await nextTurn();
    expect(log).toEqual(['gone:g', 'next:n']);
  });
});
