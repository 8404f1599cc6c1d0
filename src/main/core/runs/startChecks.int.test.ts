import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { mustGit } from '../testing/tempRepo';
import { runStartChecks } from './startChecks';

describe('runStartChecks (real repositories)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const repo = async (options?: Parameters<typeof createTempRepo>[0]): Promise<TempRepo> => {
    const created = await createTempRepo(options);
    cleanups.push(created.cleanup);
    return created;
  };
  const tempDir = async () => {
    const dir = await makeTempDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  /** Everything a run could create: refs, worktrees, index, files of the checkout and of .git/wavelane. */
  const snapshot = async (r: TempRepo) => ({
    refs: await r.git('for-each-ref'),
    worktrees: await r.git('worktree', 'list', '--porcelain'),
    status: await r.git('status', '--porcelain', '--untracked-files=all'),
    files: (await readdir(r.dir)).sort(),
    state: existsSync(path.join(r.dir, '.git', 'wavelane')),
  });

  it('passes a clean repository and names the target, its head and its checkout', async () => {
    const r = await repo({ branch: 'trunk' });
    await writeFile(path.join(r.dir, 'untracked.txt'), 'fine\n');
    const result = await runStartChecks({ repo: r.dir });
    expect(result).toEqual({
      ok: true,
      value: {
        repo: { topLevel: r.dir, commonDir: path.join(r.dir, '.git'), currentBranch: 'trunk' },
        target: { branch: 'trunk', ref: 'refs/heads/trunk', head: await r.git('rev-parse', 'HEAD') },
        checkouts: [r.dir],
      },
    });
  });

  it('accepts --target for a branch checked out nowhere, even with the main checkout dirty', async () => {
    const r = await repo();
    await r.git('branch', 'release');
    await writeFile(path.join(r.dir, 'README.md'), 'dirty\n');
    const result = await runStartChecks({ repo: r.dir, target: 'release' });
    expect(result.ok && result.value.target.branch).toBe('release');
    expect(result.ok && result.value.checkouts).toEqual([]);
  });

  it('refuses a missing folder', async () => {
    const dir = path.join(await tempDir(), 'nope');
    expect(await runStartChecks({ repo: dir })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: dir } });
  });

  it('refuses a folder that is not a repository, creating nothing', async () => {
    const dir = await tempDir();
    const result = await runStartChecks({ repo: dir });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_A_REPO', where: dir } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a bare repository', async () => {
    const dir = await tempDir();
    await mustGit(['init', '-q', '--bare'], { cwd: dir });
    const before = (await readdir(dir)).sort();
    const result = await runStartChecks({ repo: dir });
    expect(result).toMatchObject({ ok: false, error: { code: 'BARE_REPO' } });
    expect(!result.ok && result.error.message).toContain('bare');
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it('refuses a detached HEAD without --target, and accepts it with one', async () => {
    const r = await repo();
    await r.git('checkout', '-q', '--detach');
    const before = await snapshot(r);
    const result = await runStartChecks({ repo: r.dir });
    expect(result).toMatchObject({ ok: false, error: { code: 'DETACHED_HEAD', where: r.dir } });
    expect(!result.ok && result.error.message).toMatch(/detached.*--target/);
    expect(await snapshot(r)).toEqual(before);
    expect((await runStartChecks({ repo: r.dir, target: 'main' })).ok).toBe(true);
  });

  it('refuses a target branch that does not exist, naming it', async () => {
    const r = await repo();
    const before = await snapshot(r);
    const result = await runStartChecks({ repo: r.dir, target: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND', where: 'nope' } });
    expect(!result.ok && result.error.message).toContain('"nope"');
    expect(await snapshot(r)).toEqual(before);
  });

  it('refuses a repository without commits', async () => {
    const r = await repo({ initialCommit: false });
    const result = await runStartChecks({ repo: r.dir });
    expect(result).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
    expect(!result.ok && result.error.message).toContain('no commits');
  });

  it('refuses modified and staged tracked files in the target checkout, naming them, and touches nothing', async () => {
    const r = await repo({ files: { 'README.md': 'readme\n', 'b.txt': 'b\n' } });
    await writeFile(path.join(r.dir, 'README.md'), 'changed\n');
    await writeFile(path.join(r.dir, 'staged.txt'), 'new\n');
    await r.git('add', 'staged.txt');
    const before = await snapshot(r);
    const result = await runStartChecks({ repo: r.dir });
    expect(result).toMatchObject({ ok: false, error: { code: 'TARGET_CHECKOUT_DIRTY', where: r.dir } });
    expect(!result.ok && result.error.message).toMatch(/uncommitted changes/);
    expect(!result.ok && result.error.details?.sort()).toEqual(['README.md', 'staged.txt']);
    expect(await snapshot(r)).toEqual(before);
  });

  it('checks the target where it is checked out, even in another worktree', async () => {
    const r = await repo();
    await r.git('branch', 'side');
    const other = path.join(await tempDir(), 'side');
    await r.git('worktree', 'add', '-q', other, 'side');
    await writeFile(path.join(other, 'README.md'), 'edited in the other worktree\n');
    const result = await runStartChecks({ repo: r.dir, target: 'side' });
    expect(result).toMatchObject({ ok: false, error: { code: 'TARGET_CHECKOUT_DIRTY', where: other } });
  });
});
