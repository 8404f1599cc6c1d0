import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGit } from '../git/git';
import { RUN_ID } from '../merge/testing/taskFixture';
import { makeTempDir } from '../testing/tempRepo';
import { abortResolution } from './abortResolution';
import { startAgentResolution } from './askAgent';
import { openConflict } from './openConflict';
import { ResolutionStore, resolutionStorePath } from '../storage/resolutionStore';
import { createConflictFixture, resolutionsFor, snapshotCheckout, type ConflictFixture } from './testing/conflictFixture';

describe('abortResolution restores the prior state exactly (real repositories)', () => {
  let cf: ConflictFixture | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await cf?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    cf = scratch = undefined;
  });

  async function setup() {
    cf = await createConflictFixture({
      base: { 'a.txt': 'a\nb\n', 'bin.dat': Buffer.from([0, 1]), 'keep.txt': 'k\n', '.gitignore': 'ignored.log\n' },
      task: { 'a.txt': 'a\nTASK\n', 'bin.dat': Buffer.from([0, 2]), 'task-new.txt': 'new\n' },
      target: [{ 'a.txt': 'a\nMAIN\n', 'bin.dat': Buffer.from([0, 3]), 'main-new.txt': 'landed\n' }],
    });
    // An untracked and an ignored file in the worktree: they belong to someone and must survive.
    await writeFile(path.join(cf.worktree, 'ignored.log'), 'build output\n');
    await writeFile(path.join(cf.worktree, 'untracked-by-user.txt'), 'mine\n');
    const store = await ResolutionStore.load(cf.fx.commonDir, 't1');
    if (!store.ok) throw new Error(store.error.message);
    const before = { worktree: await snapshotCheckout(cf.worktree), main: await snapshotCheckout(cf.fx.repo.dir) };
    expect(before.worktree.merging).toBe(false);
    return { c: cf, store: store.value, before };
  }

  async function expectAsBefore(c: ConflictFixture, before: Awaited<ReturnType<typeof setup>>['before']) {
    const after = { worktree: await snapshotCheckout(c.worktree), main: await snapshotCheckout(c.fx.repo.dir) };
    expect(after).toEqual(before);
    expect(after.worktree.merging).toBe(false);
    expect(existsSync(resolutionStorePath(c.fx.commonDir, 't1'))).toBe(false);
  }

  it('drops the saved resolutions of an open dialog', async () => {
    const { c, store, before } = await setup();
    const opened = await openConflict({ repo: c.fx.repo.dir, worktree: c.worktree, taskBranch: c.branch, target: 'main' });
    if (!opened.ok) throw new Error(opened.error.message);
    const saved = await store.setMany(resolutionsFor(opened.value, { 'a.txt': { kind: 'content', text: 'a\nMAIN\nTASK\n' } }));
    expect(saved.ok && existsSync(store.file)).toBe(true);
    const aborted = await abortResolution({ worktree: c.worktree, branch: c.branch, store });
    expect(aborted).toEqual({ ok: true, value: null });
    expect(store.entries()).toEqual([]);
    await expectAsBefore(c, before);
  });

  it("undoes an agent's merge in progress: its edits, staged changes, commits and new files", async () => {
    const { c, store, before } = await setup();
    scratch = await makeTempDir('wavelane-abort-');
    const script = path.join(scratch, 'agent.sh');
    // A misbehaving agent: edits, stages everything (the user's untracked and ignored files too), commits
    // the merge and leaves a file of its own.
    await writeFile(
      script,
      [
        "printf 'mixed\\n' > a.txt",
        'git show main:bin.dat > bin.dat',
        'echo x > agent-notes.txt',
        'git add -A',
        'git add -f ignored.log',
        'git commit -q -m "agent commit"',
      ].join('\n'),
    );
    const started = await startAgentResolution({
      worktree: c.worktree,
      branch: c.branch,
      target: 'main',
      task: { id: 't1', title: 'Task t1', prompt: '' },
      profile: { id: 'fixer', command: 'bash', args: [script] },
      runId: RUN_ID,
      logPath: path.join(scratch, 'log'),
      promptFile: path.join(scratch, 'prompt.txt'),
      store,
    });
    if (!started.ok) throw new Error(started.error.message);
    await started.value.session.exited;
    expect(await c.fx.repo.git('rev-parse', c.branch)).not.toBe(before.worktree.head);
    const aborted = await abortResolution({ worktree: c.worktree, branch: c.branch, store });
    if (!aborted.ok) throw new Error(aborted.error.message);
    expect(store.agentRun).toBeNull();
    await expectAsBefore(c, before);
  });

  it('undoes a merge a crash left behind (no agent on record)', async () => {
    const { c, store, before } = await setup();
    const merged = await runGit(['merge', '--no-ff', '--no-commit', 'main'], { cwd: c.worktree });
    expect(merged.code).toBe(1);
    await writeFile(path.join(c.worktree, 'a.txt'), 'half resolved\n');
    await runGit(['add', 'a.txt'], { cwd: c.worktree });
    expect((await snapshotCheckout(c.worktree)).merging).toBe(true);
    const aborted = await abortResolution({ worktree: c.worktree, branch: c.branch, store });
    if (!aborted.ok) throw new Error(aborted.error.message);
    await expectAsBefore(c, before);
  });
});
