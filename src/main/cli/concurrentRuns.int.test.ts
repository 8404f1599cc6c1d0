import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/createCore';
import { waitUntil } from './testing/cliProcess';
import { createRunFixture, type RunFixture } from './testing/runFixture';

/** Two starts of the same plan on one repository, at the same moment: exactly one goes ahead. */
describe('concurrent wavelane run of one plan', () => {
  let fx: RunFixture | undefined;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.dispose();
    core = undefined;
    await fx?.cleanup();
    fx = undefined;
  });

  const TASKS = 8;

  it('runs and merges every task exactly once; the second run is refused (exit 2), naming the live run', async () => {
    fx = await createRunFixture();
    await fx.writePlan(
      Array.from({ length: TASKS }, (_, i) => ({ id: `c${i}`, prompt: `echo run >> "$PROBE/runs-c${i}"; sleep 0.3; echo ${i} > c${i}.txt` })),
    );
    const a = fx.start(['--max-parallel', '3', '--no-resource-guard']);
    const b = fx.start(['--max-parallel', '3', '--no-resource-guard']);
    const results = await Promise.all([a.done, b.done]);
    const codes = results.map((result) => result.code).sort();
    expect(codes, results.map((result) => result.stderr).join('\n---\n')).toEqual([0, 2]);
    const winner = results.find((result) => result.code === 0)!;
    const loser = results.find((result) => result.code === 2)!;
    const winnerPid = results[0] === winner ? a.child.pid : b.child.pid;
    const runId = /run (\S+): \d+ tasks/.exec(winner.stderr)?.[1];
    expect(loser.stderr).toContain(`Run ${runId} is already running on main in process ${winnerPid}`);
    expect(loser.stderr).toMatch(/plan of 8 tasks: c0, c1, c2, \.\.\./);
    // Every task ran once and landed once: one merge commit per task.
    const merges = (await fx.repo.git('log', '--merges', '--format=%s', 'main')).split('\n').filter(Boolean);
    expect(merges).toHaveLength(TASKS);
    for (let i = 0; i < TASKS; i++) {
      expect(merges.filter((subject) => subject.startsWith(`Merge task c${i}:`))).toHaveLength(1);
      expect(await fx.probeLines(`runs-c${i}`)).toHaveLength(1);
    }
    expect(await fx.repo.git('branch', '--format=%(refname:short)')).toBe('main');
    // The refused start created nothing: one run on record.
    expect(await readdir(path.join(fx.repo.dir, '.git', 'wavelane', 'runs'))).toHaveLength(1);
  });

  it('refuses the board\'s run.start while a CLI run owns the same tasks, and takes over after a kill -9', async () => {
    fx = await createRunFixture();
    await fx.writePlan([{ id: 'slow', prompt: 'echo run >> "$PROBE/runs-slow"; sleep 2; echo done > slow.txt' }]);
    const cli = fx.start(['--no-resource-guard']);
    await waitUntil(() => /slow running/.test(cli.stderr()), 60_000, 'the CLI run to start its task');

    core = createCore({ host: 'web', version: 'test', dataDir: fx.dataHome, worktreeRoot: fx.worktreeRoot });
    const call = (name: string, input: unknown) => core!.request(name, input);
    expect(await call('project.open', { path: fx.repo.dir })).toMatchObject({ ok: true });
    expect(await call('board.saveTask', { task: { id: 'slow', title: 'Slow', prompt: 'echo board >> "$PROBE/runs-slow"', agent: 'shell' } })).toMatchObject({ ok: true });
    expect(await call('board.moveTask', { id: 'slow', to: 'runParallel', index: 0 })).toMatchObject({ ok: true });
    const refused = await call('run.start', {});
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain(`in process ${cli.child.pid}`);

    // A holder killed with -9 blocks nothing: the same plan started again resumes the run and lands it once.
    cli.child.kill('SIGKILL');
    await cli.done;
    const again = await fx.run(['--no-resource-guard', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming run/);
    const merges = (await fx.repo.git('log', '--merges', '--format=%s', 'main')).split('\n').filter(Boolean);
    expect(merges.filter((subject) => subject.startsWith('Merge task slow:'))).toHaveLength(1);
  });

  it('takes over a start lock left by a process killed with -9 mid-start, at once', async () => {
    fx = await createRunFixture();
    await fx.writePlan([{ id: 'one', prompt: 'echo 1 > one.txt' }]);
    // A real process that held the lock and died: its pid is gone, its heartbeat is fresh.
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    const now = new Date().toISOString();
    const lock = path.join(fx.repo.dir, '.git', 'wavelane', 'locks', 'run-start.lock');
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, JSON.stringify({ pid: dead.pid, hostname: os.hostname(), startedAt: now, heartbeatAt: now, token: 'x' }) + '\n');
    const started = Date.now();
    const result = await fx.run(['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.report!.tasks[0]).toMatchObject({ id: 'one', status: 'merged' });
    // Well under the start lock's wait (60 s) and staleness (120 s): the dead owner was recognised, not waited out.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(lock)).toBe(false);
  });
});

