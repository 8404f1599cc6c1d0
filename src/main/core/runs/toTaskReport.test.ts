import { describe, expect, it } from 'vitest';
import { runStateFixture, taskFixture, attemptFixture } from '../storage/runStateFixture';
import { toRunReport } from './toRunReport';
import { toTaskReport } from './toTaskReport';

/** The keys of TaskReport, in the order the issue lists them: `--json` output must carry exactly these. */
const TASK_REPORT_KEYS = [
  'id',
  'status',
  'attempts',
  'exitCode',
  'branch',
  'mergeCommit',
  'changedFiles',
  'outOfBounds',
  'conflicts',
  'startedAt',
  'endedAt',
  'durationMs',
  'log',
  'reason',
  'usage',
];

describe('toTaskReport', () => {
  it('reports a task that never started with nulls and empty lists', () => {
    expect(toTaskReport(taskFixture('a', { status: 'skipped', reason: 'dependency b failed' }))).toEqual({
      id: 'a',
      status: 'skipped',
      attempts: 0,
      exitCode: null,
      branch: null,
      mergeCommit: null,
      changedFiles: [],
      outOfBounds: [],
      conflicts: [],
      startedAt: null,
      endedAt: null,
      durationMs: null,
      log: null,
      reason: 'dependency b failed',
      usage: null,
    });
  });

  it('lets the latest attempt speak for the task and spans the times of all attempts', () => {
    const task = taskFixture('login-api', {
      status: 'merged',
      attempts: [
        attemptFixture(1, {
          branch: 'wavelane/login-api',
          worktree: '/wt/login-api-1',
          startedAt: '2026-01-01T10:00:00.000Z',
          endedAt: '2026-01-01T10:05:00.000Z',
          exitCode: 1,
          log: '/logs/login-api-1.log',
        }),
        attemptFixture(2, {
          branch: 'wavelane/login-api-2',
          worktree: '/wt/login-api-2',
          startedAt: '2026-01-01T10:06:00.000Z',
          endedAt: '2026-01-01T10:09:00.000Z',
          exitCode: 0,
          log: '/logs/login-api-2.log',
          commit: 'b'.repeat(40),
        }),
      ],
      mergeCommit: 'c'.repeat(40),
      changedFiles: ['src/auth/login.ts', 'README.md'],
      outOfBounds: ['README.md'],
      durationMs: 540_000,
    });
    const report = toTaskReport(task);
    expect(Object.keys(report)).toEqual(TASK_REPORT_KEYS);
    expect(report).toMatchObject({
      attempts: 2,
      exitCode: 0,
      branch: 'wavelane/login-api-2',
      mergeCommit: 'c'.repeat(40),
      startedAt: '2026-01-01T10:00:00.000Z',
      endedAt: '2026-01-01T10:09:00.000Z',
      durationMs: 540_000,
      log: '/logs/login-api-2.log',
      outOfBounds: ['README.md'],
    });
    // The report is a copy: printing it cannot change the state.
    report.changedFiles.push('x');
    expect(task.changedFiles).toEqual(['src/auth/login.ts', 'README.md']);
  });
});

describe('toRunReport', () => {
  it('reports the run with its waves, target and makespan', () => {
    const state = runStateFixture({
      startedAt: '2026-01-01T10:00:00.000Z',
      endedAt: '2026-01-01T10:30:00.000Z',
      state: 'finished',
      tasks: [taskFixture('a', { status: 'merged' }), taskFixture('b', { status: 'empty' })],
    });
    const report = toRunReport(state, { waves: [['a'], ['b']], targetHead: 'd'.repeat(40) });
    expect(report).toMatchObject({
      run: state.id,
      target: { branch: 'main', head: 'd'.repeat(40) },
      strategy: 'eager',
      maxParallel: 3,
      makespanMs: 30 * 60_000,
      waves: [['a'], ['b']],
    });
    expect(report.tasks.map((task) => task.id)).toEqual(['a', 'b']);
    const running = toRunReport({ ...state, endedAt: null }, { waves: [], now: new Date('2026-01-01T10:00:05.000Z') });
    expect(running.makespanMs).toBe(5000);
    expect(running.target.head).toBe(state.target.head);
  });

  it('sums the attempts\' usage into the task and the tasks\' into the run; cost unknown stays unknown', () => {
    const priced = { usage: { input: 100, output: 10, cacheRead: 5 }, costUsd: 0.25 };
    const unpriced = { usage: { input: 7, output: 3 }, costUsd: null };
    const a = taskFixture('a', { status: 'merged', attempts: [attemptFixture(1, { branch: 'wavelane/a', worktree: '/wt/a-1', usage: priced }), attemptFixture(2, { branch: 'wavelane/a-2', worktree: '/wt/a-2', usage: priced })] });
    const b = taskFixture('b', { status: 'merged', attempts: [attemptFixture(1, { branch: 'wavelane/b', worktree: '/wt/b-1', usage: unpriced })] });
    const shell = taskFixture('c', { status: 'merged', attempts: [attemptFixture(1, { branch: 'wavelane/c', worktree: '/wt/c-1' })] });
    expect(toTaskReport(a).usage).toEqual({ usage: { input: 200, output: 20, cacheRead: 10 }, costUsd: 0.5 });
    expect(toTaskReport(shell).usage).toBeNull();
    const state = runStateFixture({ tasks: [a, shell] });
    expect(toRunReport(state, { waves: [] }).usage).toEqual({ usage: { input: 200, output: 20, cacheRead: 10 }, costUsd: 0.5 });
    expect(toRunReport({ ...state, tasks: [a, b, shell] }, { waves: [] }).usage).toEqual({ usage: { input: 207, output: 23, cacheRead: 10 }, costUsd: null });
    expect(toRunReport({ ...state, tasks: [shell] }, { waves: [] }).usage).toBeNull();
  });
});
