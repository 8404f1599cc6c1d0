import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { killProcessTree } from './killProcessTree';
import { isPidAlive } from './isPidAlive';
import { readProcessStartTime } from './processTable';
import { readFileSync } from 'node:fs';
import { waitFor } from '../testing/waitFor';

const MARKER = { name: 'WAVELANE_TEST_TREE', value: `tree-${process.pid}-${Date.now()}` };

describe('killProcessTree (real process trees)', () => {
  const dirs: string[] = [];
  const roots: ChildProcess[] = [];
  afterEach(async () => {
    // Whatever a failed test left behind goes, found by the marker every process here carries.
    for (const root of roots.splice(0)) if (root.pid) await killProcessTree(root.pid, { envMarker: MARKER, graceMs: 200 });
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `script` in bash in a new session (like node-pty does) and returns its pid and the pids it recorded. */
  async function startTree(script: string, expected: number): Promise<{ root: number; pids: number[] }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-kill-'));
    dirs.push(dir);
    const child = spawn('bash', ['-c', script], { cwd: dir, detached: true, stdio: 'ignore', env: { ...process.env, [MARKER.name]: MARKER.value } });
    roots.push(child);
    const pids = await waitFor(async () => {
      const text = await readFile(path.join(dir, 'pids'), 'utf8').catch(() => '');
      const lines = text.split('\n').filter(Boolean);
      return lines.length >= expected ? lines.map(Number) : null;
    }, 'the tree to start');
    return { root: child.pid as number, pids };
  }

  async function alive(pids: number[]): Promise<number[]> {
    const result: number[] = [];
    for (const pid of pids) if (isPidAlive(pid)) result.push(pid);
    return result;
  }

  it('kills children, setsid grandchildren and orphans of the session, and reports what it signalled', async () => {
    const { root, pids } = await startTree(
      ['sleep 1000 & echo $! >> pids', 'setsid sleep 1000 & echo $! >> pids', '( sleep 1000 & echo $! >> pids )', 'echo $$ >> pids', 'wait'].join('\n'),
      4,
    );
    expect(await alive(pids)).toEqual(pids);
    const report = await killProcessTree(root);
    expect(await alive(pids)).toEqual([]);
    expect(report.survivors).toEqual([]);
    expect(report.forceKilled).toEqual([]);
    expect([...report.signalled].sort()).toEqual(expect.arrayContaining([...pids].sort()));
  });

  it('finds an orphan in its own session only through the environment marker', async () => {
    const { root, pids } = await startTree(['( setsid sleep 1000 & echo $! >> pids )', 'echo $$ >> pids', 'wait'].join('\n'), 2);
    const [escapee, shell] = pids as [number, number];
    await killProcessTree(root);
    expect(isPidAlive(shell)).toBe(false);
    // Not a descendant any more, not in the session, not in the group: out of reach without the marker.
    expect(isPidAlive(escapee)).toBe(true);
    const report = await killProcessTree(root, { envMarker: MARKER });
    expect(report.signalled).toContain(escapee);
    expect(isPidAlive(escapee)).toBe(false);
  });

  it('with startedAfter, leaves alone marked processes that are older than the root', async () => {
    const older = await startTree('sleep 1000 & echo $! >> pids; wait', 1);
    // Start times have a resolution of one clock tick (10 ms): make the difference unmistakable.
    await delay(100);
    const { root, pids } = await startTree('sleep 1000 & echo $! >> pids; wait', 1);
    const startedAfter = readProcessStartTime(root);
    expect(startedAfter).not.toBeNull();
    await killProcessTree(root, { envMarker: MARKER, startedAfter });
    expect(await alive(pids)).toEqual([]);
    expect(await alive(older.pids)).toEqual(older.pids);
  });

  it('sends SIGKILL after the grace period to what ignores SIGTERM, and catches processes forked meanwhile', async () => {
    // The stubborn shell records its pid only once its trap is set: killed before that, SIGTERM alone would do.
    const { root, pids } = await startTree(
      [`bash -c 'trap "" TERM; echo $$ >> pids; while :; do sleep 100 & sleep 0.05; done' &`, 'wait'].join('\n'),
      1,
    );
    const [stubborn] = pids as [number];
    const started = Date.now();
    const report = await killProcessTree(root, { graceMs: 500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(report.forceKilled).toContain(stubborn);
    expect(report.survivors).toEqual([]);
    expect(await alive(report.signalled)).toEqual([]);
  });

  it('wakes a stopped process so it can act on SIGTERM within the grace period', async () => {
    const { root, pids } = await startTree('sleep 1000 & echo $! >> pids; wait', 1);
    const [stopped] = pids as [number];
    process.kill(stopped, 'SIGSTOP');
    // A signal is delivered asynchronously: test the stopped state, not the moment before it.
    await waitFor(async () => readProcessState(stopped) === 'T', 'the process to stop');
    const started = Date.now();
    const report = await killProcessTree(root, { graceMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(report.forceKilled).toEqual([]);
    expect(isPidAlive(stopped)).toBe(false);
  });

  it('never signals its own process', async () => {
    // (Not tried on our parent: its process group holds the other test workers, which are fair game.)
    const report = await killProcessTree(process.pid, { graceMs: 100, giveUpMs: 100 });
    expect(report).toEqual({ signalled: [], forceKilled: [], survivors: [] });
  });

  it('returns at once when the root is already gone and nothing of its session is left', async () => {
    const { root } = await startTree('echo $$ >> pids', 1);
    await waitFor(async () => !(isPidAlive(root)), 'the root to exit');
    expect(await killProcessTree(root)).toEqual({ signalled: [], forceKilled: [], survivors: [] });
  });
});

/** The state letter of /proc/<pid>/stat (after the parenthesised command name), or null when gone. */
function readProcessState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  } catch {
    return null;
  }
}
