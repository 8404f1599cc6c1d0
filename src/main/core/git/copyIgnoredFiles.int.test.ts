import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { copyIntoWorktree } from '../storage/worktreeFiles';
import { copyIgnoredFiles } from './copyIgnoredFiles';
import { createTaskWorktree, type TaskWorktree } from './worktrees';

describe('copyIgnoredFiles into a new worktree (real repositories)', () => {
  let r: TempRepo;
  let scratch: string;
  let wt: TaskWorktree;
  beforeEach(async () => {
    r = await createTempRepo({ files: { '.gitignore': '.env\n.env.*\nsecrets/\n', 'README.md': 'readme\n' } });
    scratch = await makeTempDir('wavelane-worktrees-');
    await writeFile(path.join(r.dir, '.env'), 'KEY=1\n');
    await writeFile(path.join(r.dir, '.env.local'), 'LOCAL=1\n');
    await mkdir(path.join(r.dir, 'secrets'));
    await writeFile(path.join(r.dir, 'secrets', 'key.pem'), 'pem\n');
    await writeFile(path.join(r.dir, 'notes.txt'), 'untracked, not ignored\n');
    const created = await createTaskWorktree({ repo: r.dir, root: path.join(scratch, 'wt'), taskId: 't1', target: 'main' });
    if (!created.ok) throw new Error(created.error.message);
    wt = created.value;
  });
  afterEach(async () => {
    await r.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  it('copies ignored files and folders, by path and by glob, and nothing the task would commit', async () => {
    const result = await copyIgnoredFiles({ from: r.dir, to: wt.path, entries: ['.env', 'secrets', '.env.*', 'notes.txt', 'README.md', 'missing.env'], copy: copyIntoWorktree });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.copied.sort()).toEqual(['.env', '.env.local', 'secrets']);
    expect(result.value.missing).toEqual(['missing.env']);
    expect(result.value.notIgnored.sort()).toEqual(['README.md', 'notes.txt']);
    expect(await readFile(path.join(wt.path, '.env'), 'utf8')).toBe('KEY=1\n');
    expect(await readFile(path.join(wt.path, 'secrets', 'key.pem'), 'utf8')).toBe('pem\n');
    expect(existsSync(path.join(wt.path, 'notes.txt'))).toBe(false);
    // Nothing copied shows up as a change of the task.
    expect(await r.git('-C', wt.path, 'status', '--porcelain')).toBe('');
  });

  it('refuses an entry outside the repository', async () => {
    const result = await copyIgnoredFiles({ from: r.dir, to: wt.path, entries: ['../outside'], copy: copyIntoWorktree });
    expect(result).toMatchObject({ ok: false, error: { code: 'COPY_FAILED', where: '../outside' } });
  });
});
