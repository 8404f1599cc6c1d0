import { describe, expect, it } from 'vitest';
import { killProcessTree } from './killProcessTree';
import type { ProcessInfo, ProcessTable } from './processTable';

/** Pids above Linux's largest pid_max: signals to them can only fail, so nothing real is touched. */
const ROOT = 4_194_400;
const CHILD = ROOT + 1;

function table(processes: ProcessInfo[]): ProcessTable {
  return { list: async () => processes, hasEnv: async () => false };
}

/** A session leader that holds the pid `ROOT` now, with a child in its session: started at tick 900. */
const NEWCOMERS: ProcessInfo[] = [
  { pid: ROOT, ppid: 1, pgid: ROOT, sid: ROOT, state: 'S', startTime: 900 },
  { pid: CHILD, ppid: ROOT, pgid: ROOT, sid: ROOT, state: 'S', startTime: 901 },
];

describe('killProcessTree after the root is gone (a fake process table)', () => {
  it('leaves alone a newcomer that reuses the root’s pid, and its session', async () => {
    const report = await killProcessTree(ROOT, { startedAfter: 500, table: table(NEWCOMERS), graceMs: 0, giveUpMs: 0, pollMs: 1 });
    expect(report).toEqual({ signalled: [], forceKilled: [], survivors: [] });
  });

  it('still takes the root and its session when the root is the one that started then', async () => {
    const report = await killProcessTree(ROOT, { startedAfter: 900, table: table(NEWCOMERS), graceMs: 0, giveUpMs: 0, pollMs: 1 });
    expect(report.signalled.sort()).toEqual([ROOT, CHILD]);
  });
});
