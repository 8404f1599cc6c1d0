import { describe, expect, it } from 'vitest';
import { runSnapshot, runTask } from '../testing/boardFixtures';
import { formatElapsed, summarizeRun } from './runSummary';

describe('run summary', () => {
  it('counts agents at work against the limit and tasks per status, in flow order (review waits without one)', () => {
    const run = runSnapshot(
      [
        runTask('a', 'failed'),
        runTask('b', 'running'),
        runTask('c', 'merging'),
        runTask('d', 'pending'),
        runTask('e', 'failed'),
        runTask('f', 'review'),
      ],
      { maxParallel: 3 },
    );
    const summary = summarizeRun(run, Date.parse(run.startedAt) + 65_000);
    expect(summary.running).toBe(2);
    expect(summary.max).toBe(3);
    expect(summary.counts).toEqual([
      { status: 'pending', count: 1 },
      { status: 'running', count: 1 },
      { status: 'review', count: 1 },
      { status: 'merging', count: 1 },
      { status: 'failed', count: 2 },
    ]);
    expect(summary.elapsedMs).toBe(65_000);
  });

  it('stops the clock at the end of the run', () => {
    const run = runSnapshot([], { startedAt: '2025-01-01T10:00:00.000Z', endedAt: '2025-01-01T11:02:03.000Z', state: 'finished' });
    expect(formatElapsed(summarizeRun(run, Date.now()).elapsedMs)).toBe('1:02:03');
    expect(formatElapsed(59_999)).toBe('0:59');
  });
});
