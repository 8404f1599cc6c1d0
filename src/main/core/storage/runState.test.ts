import { describe, expect, it } from 'vitest';
import { findTaskRecord, lastAttempt, parseRunState } from './runState';
import { attemptFixture, runStateFixture, taskFixture } from './runStateFixture';

const FILE = '/repo/.git/wavelane/runs/20260101-120000-ab12/state.json';

describe('parseRunState', () => {
  it('accepts a full state, attempts and all', () => {
    const state = runStateFixture({
      tasks: [
        taskFixture('a', {
          status: 'merged',
          attempts: [attemptFixture(1, { branch: 'wavelane/a', worktree: '/wt/a-1', exitCode: 0, commit: 'b'.repeat(40) })],
          mergeCommit: 'c'.repeat(40),
          changedFiles: ['src/a.ts'],
          durationMs: 1200,
        }),
        taskFixture('b', { status: 'skipped', reason: 'a dependency failed: x' }),
      ],
    });
    const parsed = parseRunState(JSON.parse(JSON.stringify(state)), FILE);
    expect(parsed).toEqual({ ok: true, value: state });
    const a = parsed.ok ? findTaskRecord(parsed.value, 'a') : undefined;
    expect(a && lastAttempt(a)?.branch).toBe('wavelane/a');
  });

  it('rejects a wrong field with a message naming the file and the place in it', () => {
    const state = runStateFixture({ tasks: [taskFixture('a', { status: 'done' as never })] });
    const parsed = parseRunState(state, FILE);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('STATE_CORRUPT');
      expect(parsed.error.where).toBe(FILE);
      expect(parsed.error.message).toContain(FILE);
      expect(parsed.error.message).toContain('tasks[0].status');
    }
  });

  it('rejects a foreign JSON file, unknown keys and duplicate tasks', () => {
    for (const foreign of [{ name: 'some-package', version: '1.0.0' }, [], 'text', null]) {
      const parsed = parseRunState(foreign, FILE);
      expect(parsed.ok, JSON.stringify(foreign)).toBe(false);
    }
    const extra = parseRunState({ ...runStateFixture(), surprise: true }, FILE);
    expect(extra.ok === false && extra.error.message).toContain('surprise');
    const twice = parseRunState(runStateFixture({ tasks: [taskFixture('a'), taskFixture('a')] }), FILE);
    expect(twice.ok === false && twice.error.message).toContain('task "a" appears twice');
  });

  it('tells a state from another version apart from a corrupt one', () => {
    const parsed = parseRunState({ ...runStateFixture(), version: 2 }, FILE);
    expect(parsed.ok === false && parsed.error.code).toBe('STATE_VERSION');
    expect(parsed.ok === false && parsed.error.message).toContain(FILE);
  });

  it('checks ids, commits, times and paths', () => {
    const cases = [
      runStateFixture({ id: 'latest' }),
      runStateFixture({ target: { branch: 'main', head: 'abc' } }),
      runStateFixture({ startedAt: 'yesterday' }),
      runStateFixture({ repo: 'relative/path' }),
      runStateFixture({ tasks: [taskFixture('../escape')] }),
    ];
    for (const state of cases) expect(parseRunState(state, FILE).ok).toBe(false);
  });
});
