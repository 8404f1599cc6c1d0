import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess } from './testing/cliProcess';
import { createRunFixture, overlaps, timedScript, type RunFixture } from './testing/runFixture';
import type { RunReport } from '../../shared/run/taskStatus';

/** `wavelane run` end to end: real repositories, real ptys, the built CLI as a real process. */
describe('wavelane run', () => {
  let fx: RunFixture | undefined;
  afterEach(async () => {
    await fx?.cleanup();
    fx = undefined;
  });

  const branches = async (f: RunFixture) => (await f.repo.git('branch', '--format=%(refname:short)')).split('\n').filter(Boolean);
  const worktrees = async (f: RunFixture) =>
    (await f.repo.git('worktree', 'list', '--porcelain')).split('\n').filter((line) => line.startsWith('worktree '));

  it('merges independent tasks, prints the JSON contract, and cleans up behind itself', async () => {
    fx = await createRunFixture();
    await fx.writePlan([
      { id: 't1', title: 'Write a', prompt: 'echo a > a.txt', files: ['a.txt'] },
      { id: 't2', title: 'Write b', prompt: 'mkdir -p sub && echo b > sub/b.txt', files: ['sub/**'] },
    ]);
    const result = await fx.run(['--json', '--max-parallel', '2']);
    expect(result.code, result.stderr).toBe(0);
    const report = result.report!;
    expect(report.strategy).toBe('eager');
    expect(report.maxParallel).toBe(2);
    expect(report.target.branch).toBe('main');
    expect(report.target.head).toBe(await fx.repo.git('rev-parse', 'main'));
    expect(report.waves).toEqual([['t1', 't2']]);
    expect(typeof report.makespanMs).toBe('number');
    const t1 = report.tasks.find((task) => task.id === 't1')!;
    expect(Object.keys(t1).sort()).toEqual(
      ['attempts', 'branch', 'changedFiles', 'conflicts', 'durationMs', 'endedAt', 'exitCode', 'id', 'log', 'mergeCommit', 'outOfBounds', 'reason', 'startedAt', 'status', 'usage'].sort(),
    );
    // A shell task reports no usage (only an adapter's CLI does); nor does the run.
    expect(t1).toMatchObject({ status: 'merged', attempts: 1, exitCode: 0, branch: 'wavelane/t1', changedFiles: ['a.txt'], outOfBounds: [], conflicts: [], reason: null, usage: null });
    expect(report.usage).toBeNull();
    expect(existsSync(t1.log!)).toBe(true);
    // The merge commit has two parents, the documented subject and trailers.
    const message = await fx.repo.git('log', '-1', '--format=%B', t1.mergeCommit!);
    expect(message).toMatch(/^Merge task t1: Write a/);
    expect(message).toContain('Wavelane-Task: t1');
    expect(message).toContain(`Wavelane-Run: ${report.run}`);
    expect((await fx.repo.git('rev-list', '--parents', '-n1', t1.mergeCommit!)).split(' ')).toHaveLength(3);
    expect(await fx.repo.git('show', 'main:a.txt')).toBe('a');
    expect(await fx.repo.git('show', 'main:sub/b.txt')).toBe('b');
    // The main checkout followed the branch, and nothing of ours is left.
    expect(await readFile(path.join(fx.repo.dir, 'a.txt'), 'utf8')).toBe('a\n');
    expect(await fx.repo.git('status', '--porcelain')).toBe('');
    expect(await branches(fx)).toEqual(['main']);
    expect(await worktrees(fx)).toHaveLength(1);
    // Progress went to stderr, one line per transition.
    expect(result.stderr).toMatch(/\d\d:\d\d:\d\d t1 running \(wave 1\)/);
    expect(result.stderr).toMatch(/\d\d:\d\d:\d\d t1 merged/);
  });

  it('never runs more agents than --max-parallel', async () => {
    fx = await createRunFixture();
    const tasks = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, prompt: timedScript(`p${i}`, `sleep 0.6; echo ${i} > p${i}.txt`) }));
    await fx.writePlan(tasks);
    const result = await fx.run(['--max-parallel', '2', '--no-resource-guard']);
    expect(result.code, result.stderr).toBe(0);
    const spans = [...(await fx.intervals()).values()];
    expect(spans).toHaveLength(6);
    const events = spans.flatMap((s) => [{ t: s.start, d: 1 }, { t: s.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
    let running = 0;
    let peak = 0;
    for (const event of events) peak = Math.max(peak, (running += event.d));
    expect(peak).toBe(2);
  });

  it('starts a dependent only after its dependency merged, and it sees the dependency\'s files', async () => {
    fx = await createRunFixture();
    await fx.writePlan([
      { id: 'base', prompt: timedScript('base', 'sleep 0.3; echo from-base > base.txt') },
      { id: 'next', dependsOn: ['base'], prompt: timedScript('next', 'cat base.txt > "$PROBE/seen"; echo next > next.txt') },
    ]);
    const result = await fx.run(['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(await fx.probeLines('seen')).toEqual(['from-base']);
    const base = result.report!.tasks.find((t) => t.id === 'base')!;
    const next = result.report!.tasks.find((t) => t.id === 'next')!;
    expect(Date.parse(next.startedAt!)).toBeGreaterThanOrEqual(Date.parse(base.endedAt!));
    expect(await fx.repo.git('merge-base', '--is-ancestor', base.mergeCommit!, next.mergeCommit!)).toBe('');
  });

  it('never runs two tasks with overlapping locks at the same time', async () => {
    fx = await createRunFixture({ 'src/auth/login.ts': 'x\n', 'src/db/schema.sql': 'y\n' });
    await fx.writePlan([
      { id: 'l1', files: ['src/auth/**'], prompt: timedScript('l1', 'sleep 0.5; echo 1 > src/auth/one.ts') },
      { id: 'l2', files: ['src/auth/new-file.ts'], prompt: timedScript('l2', 'sleep 0.5; echo 2 > src/auth/new-file.ts') },
      { id: 'l3', reads: ['src/auth/login.ts'], prompt: timedScript('l3', 'sleep 0.5') },
      { id: 'free', files: ['src/db/**'], prompt: timedScript('free', 'sleep 0.5; echo z >> src/db/schema.sql') },
    ]);
    const result = await fx.run(['--max-parallel', '4', '--json', '--no-resource-guard']);
    expect(result.code, result.stderr).toBe(0);
    const spans = await fx.intervals();
    expect(overlaps(spans.get('l1')!, spans.get('l2')!)).toBe(false);
    expect(overlaps(spans.get('l1')!, spans.get('l3')!)).toBe(false);
    // Disjoint locks do run together.
    expect(overlaps(spans.get('l1')!, spans.get('free')!)).toBe(true);
    expect(result.report!.waves).toEqual([['l1', 'free'], ['l2', 'l3']]);
  });

  it('reports a conflict, leaves the target untouched and keeps the branch and worktree', async () => {
    fx = await createRunFixture({ 'shared.txt': 'line 1\nline 2\nline 3\n' });
    await fx.writePlan([
      { id: 'first', prompt: "sed -i 's/line 2/first/' shared.txt" },
      { id: 'second', dependsOn: [], prompt: "sleep 1; sed -i 's/line 2/second/' shared.txt" },
    ]);
    const result = await fx.run(['--json', '--max-parallel', '2']);
    expect(result.code).toBe(1);
    const first = result.report!.tasks.find((t) => t.id === 'first')!;
    const second = result.report!.tasks.find((t) => t.id === 'second')!;
    expect(first.status).toBe('merged');
    expect(second).toMatchObject({ status: 'conflict', conflicts: ['shared.txt'], mergeCommit: null });
    expect(await fx.repo.git('rev-parse', 'main')).toBe(first.mergeCommit);
    expect(await fx.repo.git('show', 'main:shared.txt')).toBe('line 1\nfirst\nline 3');
    expect(await branches(fx)).toContain('wavelane/second');
    expect(await fx.repo.git('show', 'wavelane/second:shared.txt')).toBe('line 1\nsecond\nline 3');
    expect(await worktrees(fx)).toHaveLength(2);
  });

  it('keeps untracked files of the main checkout through the run', async () => {
    fx = await createRunFixture();
    await writeFile(path.join(fx.repo.dir, 'notes.local'), 'mine\n');
    await fx.writePlan([{ id: 'w', prompt: 'echo w > w.txt' }]);
    const result = await fx.run([]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(fx.repo.dir, 'notes.local'), 'utf8')).toBe('mine\n');
    expect(await readFile(path.join(fx.repo.dir, 'w.txt'), 'utf8')).toBe('w\n');
  });

  it('refuses a dirty target checkout with exit 2 and creates nothing', async () => {
    fx = await createRunFixture();
    await writeFile(path.join(fx.repo.dir, 'README.md'), 'changed\n');
    await fx.writePlan([{ id: 'w', prompt: 'echo w > w.txt' }]);
    const before = await fx.repo.git('for-each-ref');
    const result = await fx.run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/uncommitted changes/);
    expect(result.stderr).toContain('README.md');
    expect(await fx.repo.git('for-each-ref')).toBe(before);
    expect(await worktrees(fx)).toHaveLength(1);
    expect(existsSync(path.join(fx.repo.dir, '.git', 'wavelane', 'runs'))).toBe(false);
    expect(existsSync(fx.worktreeRoot)).toBe(false);
  });

  it('refuses an invalid plan and an unavailable agent with exit 2, naming the problem', async () => {
    fx = await createRunFixture();
    await fx.writePlan([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }, { id: 'c', dependsOn: ['ghost'] }]);
    const invalid = await fx.run([]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('a -> b -> a');
    expect(invalid.stderr).toContain('ghost');
    await fx.writePlan([{ id: 'x' }], { agents: [{ id: 'nope', command: 'wavelane-no-such-agent-cmd' }], agent: 'nope' });
    const missing = await fx.run([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('wavelane-no-such-agent-cmd');
    expect(await branches(fx)).toEqual(['main']);
  });

  it('refuses to start with a broken agent settings file, naming it, and creates nothing', async () => {
    fx = await createRunFixture();
    const planFile = await fx.writePlan([{ id: 'x' }]);
    const configDir = path.join(fx.dataHome, 'config');
    await mkdir(configDir, { recursive: true });
    await writeFile(path.join(configDir, 'agents.json'), '{"version": 1, "profiles": {"shell": {"maxParallel": 0}}}');
    const result = await runCliProcess(['run', '--plan', planFile, '--repo', fx.repo.dir, '--worktree-root', fx.worktreeRoot], {
      cwd: fx.repo.dir,
      env: { XDG_DATA_HOME: fx.dataHome, WAVELANE_CONFIG_DIR: configDir },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(configDir, 'agents.json'));
    expect(result.stderr).toContain('maxParallel');
    expect(await branches(fx)).toEqual(['main']);
    expect(existsSync(path.join(fx.repo.dir, '.git', 'wavelane', 'runs'))).toBe(false);
  });

  it('reports delete-versus-modify and binary conflicts', async () => {
    fx = await createRunFixture({ 'gone.txt': 'keep me\n', 'image.bin': Buffer.from([0, 1, 2, 3, 0, 255]) });
    await fx.writePlan([
      { id: 'del', prompt: 'git rm -q gone.txt; printf "\\x00\\x09\\x08" > image.bin' },
      { id: 'mod', prompt: 'sleep 1; echo changed >> gone.txt; printf "\\x00\\x07\\x07" > image.bin' },
    ]);
    const result = await fx.run(['--json', '--max-parallel', '2']);
    expect(result.code).toBe(1);
    const mod = result.report!.tasks.find((t) => t.id === 'mod')!;
    expect(mod.status).toBe('conflict');
    expect(mod.conflicts.sort()).toEqual(['gone.txt', 'image.bin']);
    expect(await fx.repo.git('ls-tree', '--name-only', 'main')).not.toContain('gone.txt');
  });

  it('lets independent tasks finish when one fails, and skips its dependents naming it', async () => {
    fx = await createRunFixture();
    await fx.writePlan([
      { id: 'bad', prompt: 'echo broken; exit 3' },
      { id: 'child', dependsOn: ['bad'], prompt: 'echo c > c.txt' },
      { id: 'grandchild', dependsOn: ['child'], prompt: 'echo g > g.txt' },
      { id: 'ok', prompt: 'echo ok > ok.txt' },
    ]);
    const result = await fx.run(['--json']);
    expect(result.code).toBe(1);
    const byId = Object.fromEntries(result.report!.tasks.map((t) => [t.id, t]));
    expect(byId.bad).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(byId.child!.status).toBe('skipped');
    expect(byId.child!.reason).toContain('bad');
    expect(byId.grandchild!.status).toBe('skipped');
    expect(byId.ok!.status).toBe('merged');
    expect(await readFile(byId.bad!.log!, 'utf8')).toContain('broken');
  });

  it('never runs a task the plan marks done: it counts as merged and its dependents run', async () => {
    fx = await createRunFixture();
    await fx.writePlan([
      { id: 'old', status: 'done', prompt: 'echo again >> "$PROBE/old"; echo again > old.txt' },
      { id: 'next', dependsOn: ['old'], prompt: 'echo n > n.txt' },
    ]);
    const head = await fx.repo.git('rev-parse', 'main');
    const result = await fx.run(['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(await fx.probeLines('old')).toEqual([]);
    const byId = Object.fromEntries(result.report!.tasks.map((t) => [t.id, t]));
    expect(byId.old).toMatchObject({ status: 'merged', attempts: 0, mergeCommit: null });
    expect(byId.next).toMatchObject({ status: 'merged', attempts: 1 });
    expect(await fx.repo.git('rev-list', '--merges', '--count', `${head}..main`)).toBe('1');
    expect(await fx.repo.git('ls-tree', '--name-only', 'main')).not.toContain('old.txt');
    expect(await branches(fx)).toEqual(['main']);
  });

  it('never runs an Auto-Claude subtask marked completed ("imported as done (not run)")', async () => {
    fx = await createRunFixture();
    const plan = path.join(fx.probe, '..', 'implementation_plan.json');
    await writeFile(plan, JSON.stringify({
      feature: 'done work',
      phases: [{
        id: 'p1',
        name: 'Phase',
        parallel_safe: false,
        subtasks: [
          { id: 'old', description: 'echo again >> "$PROBE/old"; echo again > old.txt; exit 0', status: 'completed' },
          { id: 'new', description: 'echo n > n.txt; exit 0', status: 'pending' },
        ],
      }],
    }));
    const result = await runCliProcess(
      ['run', '--plan', plan, '--repo', fx.repo.dir, '--worktree-root', fx.worktreeRoot, '--agent', 'shell', '--json'],
      { cwd: fx.repo.dir, env: { XDG_DATA_HOME: fx.dataHome, PROBE: fx.probe } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('imported as done (not run)');
    expect(await fx.probeLines('old')).toEqual([]);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.tasks.map((t) => [t.id, t.status, t.attempts])).toEqual([['old', 'merged', 0], ['new', 'merged', 1]]);
  });

  it('retries a failing task in a fresh attempt', async () => {
    fx = await createRunFixture();
    await fx.writePlan([
      { id: 'flaky', retries: 1, prompt: 'if [ -f "$PROBE/tried" ]; then echo ok > f.txt; else touch "$PROBE/tried"; echo dirty > junk.txt; exit 1; fi' },
    ]);
    const result = await fx.run(['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.report!.tasks[0]).toMatchObject({ status: 'merged', attempts: 2, branch: 'wavelane/flaky-2', changedFiles: ['f.txt'] });
  });

  it('lists files changed outside the task\'s globs, and fails the task with --strict-files', async () => {
    fx = await createRunFixture();
    await fx.writePlan([{ id: 'wide', files: ['in/**'], prompt: 'mkdir in; echo 1 > in/a; echo 2 > out.txt' }]);
    const loose = await fx.run(['--json']);
    expect(loose.code).toBe(0);
    expect(loose.report!.tasks[0]!.outOfBounds).toEqual(['out.txt']);
    await fx.repo.git('reset', '--hard', 'HEAD~1');
    const strict = await fx.run(['--json', '--strict-files']);
    expect(strict.code).toBe(1);
    expect(strict.report!.tasks[0]).toMatchObject({ status: 'failed', outOfBounds: ['out.txt'] });
    expect(strict.report!.tasks[0]!.reason).toContain('out.txt');
  });

  it('lands nothing when verify fails on the merged tree', async () => {
    fx = await createRunFixture();
    await fx.writePlan([{ id: 'v', prompt: 'echo v > v.txt' }]);
    const head = await fx.repo.git('rev-parse', 'main');
    const result = await fx.run(['--json', '--verify', 'test -f v.txt && test ! -f v.txt']);
    expect(result.code).toBe(1);
    expect(result.report!.tasks[0]!.status).toBe('failed');
    expect(result.report!.tasks[0]!.reason).toMatch(/verify/i);
    expect(await fx.repo.git('rev-parse', 'main')).toBe(head);
    const passing = await fx.run(['--json', '--verify', 'test -f v.txt']);
    expect(passing.code, passing.stderr).toBe(0);
  });
});
