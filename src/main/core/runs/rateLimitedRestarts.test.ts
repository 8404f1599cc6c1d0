import { describe, expect, it } from 'vitest';
import type { DispatchEvent } from '../scheduler/dispatchEvents';
import { newTaskRecord, type TaskRecord } from '../storage/runState';
import { clockTime } from './blockerText';
import { RateLimitedRestarts } from './rateLimitedRestarts';

function setup() {
  const events: DispatchEvent[] = [];
  const seen: string[] = [];
  const restarts = new RateLimitedRestarts({
    now: () => 1_000_000,
    transition: async (record: TaskRecord) => void seen.push(`${record.status}: ${record.reason}`),
    handle: (event) => void events.push(event),
    sessionId: () => 'session-1',
  });
  return { restarts, events, seen };
}

describe('RateLimitedRestarts', () => {
  it('shows the task waiting until the reset, tells the scheduler, and goes on when it starts the task again', async () => {
    const { restarts, events, seen } = setup();
    const record = newTaskRecord('t1');
    const waiting = restarts.wait('t1', record, { resetsAt: 1_060_000 }, 0);
    await Promise.resolve();
    const reason = `waiting: rate limited until ${clockTime(1_060_000)}`;
    expect(seen).toEqual([`pending: ${reason}`]);
    expect(events).toEqual([{ type: 'rateLimited', id: 't1', until: 1_060_000, reason }]);
    expect(restarts.restarted('other')).toBe(false);
    expect(restarts.restarted('t1')).toBe(true);
    await expect(waiting).resolves.toBe(true);
    expect(events.at(-1)).toEqual({ type: 'started', id: 't1' });
  });

  it('ends the wait when the scheduler ends the task, and resumes only in a worktree that still exists', async () => {
    const { restarts } = setup();
    const waiting = restarts.wait('t1', newTaskRecord('t1'), {}, 2);
    await Promise.resolve();
    restarts.ended('t1');
    await expect(waiting).resolves.toBe(false);
    expect(restarts.resumeOf('t1')).toBeUndefined();
    restarts.rememberWorktree('t1', { path: import.meta.dirname, branch: 'wavelane/t1', attempt: 1, base: 'abc' });
    expect(restarts.resumeOf('t1')).toEqual({ worktree: { path: import.meta.dirname, branch: 'wavelane/t1', attempt: 1, base: 'abc' }, sessionId: 'session-1' });
    restarts.rememberWorktree('t1', { path: '/nonexistent/wavelane', branch: 'wavelane/t1', attempt: 2, base: 'abc' });
    expect(restarts.resumeOf('t1')).toBeUndefined();
  });
});
