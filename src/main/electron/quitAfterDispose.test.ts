import { describe, expect, it, vi } from 'vitest';
import { KILL_GRACE_MS } from '../core/processes/killProcessTree';
import { createQuitGate, disposeWithDeadline, exitCodeOf, QUIT_DEADLINE_MS } from './quitAfterDispose';

const never = () => new Promise<void>(() => undefined);

/** A dispose the test finishes when it chooses. */
function controlledDispose() {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const dispose = vi.fn(() => new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject))));
  return { dispose, finish: () => finish(), fail: (error: Error) => fail(error) };
}

describe('disposeWithDeadline', () => {
  it('answers disposed once the core has disposed', async () => {
    const outcome = await disposeWithDeadline(async () => undefined, 60_000);
    expect(outcome).toEqual({ kind: 'disposed' });
    expect(exitCodeOf(outcome)).toBe(0);
  });

  it('answers failed, without throwing, when dispose rejects or throws', async () => {
    expect(await disposeWithDeadline(() => Promise.reject(new Error('disk gone')), 60_000)).toMatchObject({ kind: 'failed' });
    const throwing = () => {
      throw new Error('bug');
    };
    const outcome = await disposeWithDeadline(throwing, 60_000);
    expect(outcome).toMatchObject({ kind: 'failed', error: new Error('bug') });
    expect(exitCodeOf(outcome)).toBe(1);
  });

  it('gives up at the deadline when dispose never ends', async () => {
    const outcome = await disposeWithDeadline(never, 10);
    expect(outcome).toEqual({ kind: 'timedOut', deadlineMs: 10 });
    expect(exitCodeOf(outcome)).toBe(1);
  });

  it('waits longer than the kill grace period, so an agent ignoring SIGTERM is still SIGKILLed before we exit', () => {
    expect(QUIT_DEADLINE_MS).toBeGreaterThan(KILL_GRACE_MS);
  });
});

describe('createQuitGate', () => {
  it('holds the quit until the core has disposed, then exits once with 0', async () => {
    const { dispose, finish } = controlledDispose();
    const exit = vi.fn();
    const onWillQuit = createQuitGate({ dispose, exit, report: vi.fn(), deadlineMs: 60_000 });
    const first = { preventDefault: vi.fn() };
    onWillQuit(first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(dispose).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(exit).not.toHaveBeenCalled();

    const again = { preventDefault: vi.fn() };
    onWillQuit(again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(dispose).toHaveBeenCalledTimes(1);

    finish();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('exits with 1 and says why when dispose fails', async () => {
    const { dispose, fail } = controlledDispose();
    const exit = vi.fn();
    const report = vi.fn();
    createQuitGate({ dispose, exit, report, deadlineMs: 60_000 })({ preventDefault: vi.fn() });
    fail(new Error('cannot write state.json'));
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(report).toHaveBeenCalledWith(expect.stringContaining('cannot write state.json'));
  });

  it('exits with 1 at the deadline when dispose hangs', async () => {
    const exit = vi.fn();
    const report = vi.fn();
    createQuitGate({ dispose: never, exit, report, deadlineMs: 10 })({ preventDefault: vi.fn() });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(report).toHaveBeenCalledWith(expect.stringContaining('did not shut down within 10 ms'));
  });
});
