import { createHash } from 'node:crypto';
import { mkdir, realpath, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempRepo';
import { isInside, worktreeRoot } from './worktreePaths';

describe('worktreeRoot', () => {
  let scratch: string;
  let repo: string;
  beforeEach(async () => {
    scratch = await makeTempDir('wavelane-paths-');
    repo = path.join(scratch, 'my-repo');
    await mkdir(repo);
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('is <dataDir>/worktrees/<name>-<sha1 of the real path, 8 hex>', async () => {
    const dataDir = path.join(os.homedir(), '.local', 'share', 'wavelane');
    const hash = createHash('sha1').update(await realpath(repo)).digest('hex').slice(0, 8);
    expect(await worktreeRoot(repo, dataDir)).toEqual({ ok: true, value: path.join(dataDir, 'worktrees', `my-repo-${hash}`) });
  });

  it('names one repository the same through a symlink, and two repositories differently', async () => {
    const dataDir = path.join(os.homedir(), '.local', 'share', 'wavelane');
    const link = path.join(scratch, 'link');
    await symlink(repo, link);
    const other = path.join(scratch, 'elsewhere', 'my-repo');
    await mkdir(other, { recursive: true });
    const viaRepo = await worktreeRoot(repo, dataDir);
    expect(await worktreeRoot(link, dataDir)).toEqual(viaRepo);
    expect(await worktreeRoot(other, dataDir)).not.toEqual(viaRepo);
  });

  it('refuses a default root in the temp folder, but takes an explicit override there', async () => {
    const result = await worktreeRoot(repo, path.join(scratch, 'data'));
    expect(result).toMatchObject({ ok: false, error: { code: 'WORKTREE_ROOT_IN_TMPDIR' } });
    expect(!result.ok && result.error.message).toContain('--worktree-root');
    const override = path.join(scratch, 'wt');
    expect(await worktreeRoot(repo, path.join(scratch, 'data'), override)).toEqual({ ok: true, value: override });
  });

  it('refuses a root inside the repository, even as an override or through a symlink', async () => {
    const inside = await worktreeRoot(repo, os.homedir(), path.join(repo, '.worktrees'));
    expect(inside).toMatchObject({ ok: false, error: { code: 'WORKTREE_ROOT_INSIDE_REPO', where: path.join(repo, '.worktrees') } });
    const link = path.join(scratch, 'repo-link');
    await symlink(repo, link);
    const viaLink = await worktreeRoot(repo, os.homedir(), path.join(link, 'wt'));
    expect(viaLink).toMatchObject({ ok: false, error: { code: 'WORKTREE_ROOT_INSIDE_REPO' } });
    expect(await worktreeRoot(repo, os.homedir(), repo)).toMatchObject({ ok: false });
  });

  it('isInside compares whole path segments', () => {
    expect(isInside('/a/b/c', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/bc', '/a/b')).toBe(false);
    expect(isInside('/a/..b', '/a')).toBe(true);
    expect(isInside('/x', '/a')).toBe(false);
  });
});
