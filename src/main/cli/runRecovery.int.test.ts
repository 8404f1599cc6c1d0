import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from './testing/cliProcess';
import { createRunFixture, overlaps, type RunFixture } from './testing/runFixture';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Cancel, kill -9 and concurrent runs: the promises that make Wavelane safe to interrupt. */
describe('wavelane run, interrupted', () => {
  const fixtures: RunFixture[] = [];
  afterEach(async () => {
    for (const fx of fixtures.splice(0)) await fx.cleanup();
  });
  const fixture = async (files?: Record<string, string>) => {
    const fx = await createRunFixture(files);
    fixtures.push(fx);
    return fx;
  };

  it('cancels on SIGINT: kills agents and their grandchildren, merges nothing half-way, exits 130', async () => {
    const fx = await fixture();
    // One grandchild in its own session (escapes the pty's process group), one plain background child.
    const script = [
      'setsid sleep 300 & echo $! >> "$PROBE/pids"',
      'sleep 301 & echo $! >> "$PROBE/pids"',
      'echo $$ >> "$PROBE/pids"',
      'echo started >> "$PROBE/started"',
      'sleep 302',
    ].join('\n');
    await fx.writePlan([
      { id: 'a', prompt: script },
      { id: 'b', prompt: script },
    ]);
    const head = await fx.repo.git('rev-parse', 'main');
    const run = fx.start(['--json', '--max-parallel', '2']);
    await waitUntil(async () => (await fx.probeLines('started')).length === 2, 30_000, 'both agents to start');
    const pids = (await fx.probeLines('pids')).map(Number);
    expect(pids).toHaveLength(6);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const report = JSON.parse(result.stdout);
    expect(report.tasks.map((t: { status: string }) => t.status)).toEqual(['cancelled', 'cancelled']);
    await waitUntil(() => pids.every((pid) => !alive(pid)), 15_000, 'every agent process to be gone');
    expect(await fx.repo.git('rev-parse', 'main')).toBe(head);
  });

  it('resumes after kill -9: every task merged exactly once, nothing left behind', async () => {
    const fx = await fixture();
    const tasks = Array.from({ length: 6 }, (_, i) => ({
      id: `k${i}`,
      prompt: `echo run >> "$PROBE/runs-k${i}"; sleep ${i < 2 ? 0.2 : 1.5}; echo ${i} > k${i}.txt`,
      ...(i >= 4 ? { dependsOn: [`k${i - 4}`] } : {}),
    }));
    await fx.writePlan(tasks);
    const first = fx.start(['--max-parallel', '2', '--no-resource-guard']);
    // Wait until something merged and something else is running, then kill -9.
    await waitUntil(() => /k[01] merged/.test(first.stderr()) && /k[2-5] running/.test(first.stderr()), 60_000, 'a merge and a running task');
    first.child.kill('SIGKILL');
    await first.done;
    const second = await fx.run(['--max-parallel', '2', '--json', '--no-resource-guard']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.report!.tasks.map((t) => t.status)).toEqual(Array(6).fill('merged'));
    // Merged exactly once: one merge commit per task on main.
    const merges = (await fx.repo.git('log', '--merges', '--format=%s', 'main')).split('\n');
    for (let i = 0; i < 6; i++) expect(merges.filter((s) => s.startsWith(`Merge task k${i}:`))).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(await fx.repo.git('show', `main:k${i}.txt`)).toBe(String(i));
    // Nothing left: worktrees, branches, lock files.
    const leftovers = (await fx.repo.git('worktree', 'list', '--porcelain')).split('\n').filter((l) => l.startsWith('worktree '));
    expect(leftovers, `${first.stderr()}\n---\n${second.stderr}`).toHaveLength(1);
    expect(await fx.repo.git('branch', '--format=%(refname:short)')).toBe('main');
    const stateDir = path.join(fx.repo.dir, '.git', 'wavelane');
    const lockFiles = (await readdir(stateDir, { recursive: true })).filter((f) => String(f).endsWith('.lock'));
    expect(lockFiles).toEqual([]);
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
    // Tasks merged before the kill were not run again.
    expect(await fx.probeLines('runs-k0')).toHaveLength(1);
    expect(await fx.probeLines('runs-k1')).toHaveLength(1);
  });

  it('never merges at the same time from two processes on one repository', async () => {
    const fx = await fixture();
    const other = await fixture();
    // Two plans, two processes, one repository: the verify step (inside the merge lock) records its span.
    const verify = 'echo "start $WAVELANE_TASK_ID $(date +%s%N)" >> "$PROBE/merges"; sleep 0.4; echo "end $WAVELANE_TASK_ID $(date +%s%N)" >> "$PROBE/merges"';
    await fx.writePlan(Array.from({ length: 3 }, (_, i) => ({ id: `x${i}`, prompt: `echo ${i} > x${i}.txt` })), { verify });
    await other.writePlan(Array.from({ length: 3 }, (_, i) => ({ id: `y${i}`, prompt: `echo ${i} > y${i}.txt` })), { verify });
    const planB = path.join(path.dirname(other.probe), 'plan.json');
    const a = fx.start(['--max-parallel', '3']);
    const b = fx.start(['--max-parallel', '3', '--plan', planB]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const spans = [...(await fx.intervals('merges')).entries()];
    expect(spans.map(([id]) => id).sort()).toEqual(['x0', 'x1', 'x2', 'y0', 'y1', 'y2']);
    for (let i = 0; i < spans.length; i++) {
      for (let j = i + 1; j < spans.length; j++) expect(overlaps(spans[i]![1], spans[j]![1])).toBe(false);
    }
    expect(existsSync(path.join(fx.repo.dir, 'x0.txt')) && existsSync(path.join(fx.repo.dir, 'y2.txt'))).toBe(true);
  });
});
