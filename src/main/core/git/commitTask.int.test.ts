import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, type TempRepo } from '../testing/tempRepo';
import { changedFiles, outOfBounds } from './changedFiles';
import { commitTask } from './commitTask';
import { FALLBACK_IDENTITY } from './identity';
import { createTaskWorktree, type TaskWorktree } from './worktrees';

describe('commitTask and changedFiles (real repositories)', () => {
  let r: TempRepo;
  let scratch: string;
  let wt: TaskWorktree;
  beforeEach(async () => {
    r = await createTempRepo({ files: { 'README.md': 'readme\n', '.gitignore': 'node_modules/\n*.log\n', 'old/name.txt': 'moving\n' } });
    scratch = await makeTempDir('wavelane-worktrees-');
    const created = await createTaskWorktree({ repo: r.dir, root: path.join(scratch, 'wt'), taskId: 't1', target: 'main' });
    if (!created.ok) throw new Error(created.error.message);
    wt = created.value;
  });
  afterEach(async () => {
    await r.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  const write = async (file: string, content: string) => {
    await mkdir(path.dirname(path.join(wt.path, file)), { recursive: true });
    await writeFile(path.join(wt.path, file), content);
  };
  const commit = (gitEnv?: Record<string, string>) =>
    commitTask({ worktree: wt.path, branch: wt.branch, base: wt.base, title: 'Add the thing', stamp: { taskId: 't1', runId: 'run-1' }, gitEnv });
  const wtGit = (...args: string[]) => r.git('-C', wt.path, ...args);

  it('commits every change, untracked included, with the title and trailers, respecting .gitignore', async () => {
    await write('src/new.ts', 'export {};\n');
    await write('README.md', 'changed\n');
    await write('node_modules/pkg/index.js', 'ignored\n');
    await write('debug.log', 'ignored\n');
    const result = await commit();
    expect(result).toMatchObject({ ok: true, value: { status: 'committed', agentCommits: 0 } });
    if (!result.ok || result.value.status !== 'committed') return;
    expect(result.value.commit).toBe(result.value.head);
    expect(await r.git('rev-parse', wt.branch)).toBe(result.value.head);
    expect((await r.git('log', '-1', '--format=%s%n%n%b', wt.branch)).trimEnd()).toBe('Add the thing\n\nWavelane-Task: t1\nWavelane-Run: run-1');
    expect((await r.git('show', '--name-only', '--format=', wt.branch)).split('\n').sort()).toEqual(['README.md', 'src/new.ts']);
    expect(await r.git('rev-parse', `${wt.branch}^`)).toBe(wt.base);
    // The worktree is clean afterwards (ignored files stay where they are).
    expect(await wtGit('status', '--porcelain')).toBe('');
  });

  it('keeps the agent’s own commits and commits what it left over on top', async () => {
    await write('a.txt', 'a\n');
    await wtGit('add', 'a.txt');
    await wtGit('commit', '-q', '-m', 'agent: add a');
    const agentCommit = await wtGit('rev-parse', 'HEAD');
    await write('b.txt', 'b\n');
    const result = await commit();
    expect(result).toMatchObject({ ok: true, value: { status: 'committed', agentCommits: 1 } });
    expect(await r.git('rev-parse', `${wt.branch}^`)).toBe(agentCommit);
    expect(await r.git('log', '--format=%s', `${wt.base}..${wt.branch}`)).toBe('Add the thing\nagent: add a');
  });

  it('adds nothing when the agent committed everything itself', async () => {
    await write('a.txt', 'a\n');
    await wtGit('add', 'a.txt');
    await wtGit('commit', '-q', '-m', 'agent: add a');
    const agentCommit = await wtGit('rev-parse', 'HEAD');
    const result = await commit();
    expect(result).toEqual({ ok: true, value: { status: 'committed', head: agentCommit, commit: null, agentCommits: 1 } });
  });

  it('is empty when nothing changed (ignored files do not count)', async () => {
    await write('debug.log', 'only ignored output\n');
    const result = await commit();
    expect(result).toEqual({ ok: true, value: { status: 'empty', head: wt.base } });
    expect(await r.git('rev-parse', wt.branch)).toBe(wt.base);
  });

  it('refuses a worktree the agent moved off its branch, leaving its work alone', async () => {
    await wtGit('checkout', '-q', '--detach');
    await write('a.txt', 'a\n');
    const result = await commit();
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_ON_TASK_BRANCH', where: wt.path } });
    expect(await wtGit('status', '--porcelain')).toBe('?? a.txt');
  });

  it('commits with a fallback identity on a machine without git identity', async () => {
    const empty = path.join(scratch, 'empty-gitconfig');
    await writeFile(empty, '');
    await r.git('config', '--unset', 'user.name');
    await r.git('config', '--unset', 'user.email');
    await write('a.txt', 'a\n');
    // No global/system config, and no identity variables from the test runner's environment.
    const isolated = { GIT_CONFIG_GLOBAL: empty, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: '', GIT_AUTHOR_EMAIL: '', GIT_COMMITTER_NAME: '', GIT_COMMITTER_EMAIL: '', EMAIL: '' };
    const result = await commit(isolated);
    expect(result.ok).toBe(true);
    expect(await r.git('log', '-1', '--format=%an <%ae>|%cn <%ce>', wt.branch)).toBe(
      `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>|${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`,
    );
  });

  it('commits with the user’s identity when one is configured', async () => {
    await r.git('config', 'user.name', 'Ada Lovelace');
    await r.git('config', 'user.email', 'ada@example.invalid');
    await write('a.txt', 'a\n');
    expect((await commit()).ok).toBe(true);
    expect(await r.git('log', '-1', '--format=%an <%ae>', wt.branch)).toBe('Ada Lovelace <ada@example.invalid>');
  });

  it('lists changed files with renames on both sides, and those outside the task’s globs', async () => {
    await mkdir(path.join(wt.path, 'new'));
    await wtGit('mv', 'old/name.txt', 'new/name.txt');
    await write('src/app.ts', 'app\n');
    await write('.github/workflows/ci.yml', 'ci\n');
    const result = await commit();
    if (!result.ok) throw new Error(result.error.message);
    // The target moving on afterwards does not count as the task's change.
    await r.commit('elsewhere', { 'other.txt': 'o\n' });
    const listed = await changedFiles(r.dir, 'main', wt.branch);
    if (!listed.ok) throw new Error(listed.error.message);
    const changed = listed.value;
    expect(changed.sort()).toEqual(['.github/workflows/ci.yml', 'new/name.txt', 'old/name.txt', 'src/app.ts']);
    expect(outOfBounds(changed, ['src/**', '.github/**']).sort()).toEqual(['new/name.txt', 'old/name.txt']);
    expect(outOfBounds(changed, ['**/name.txt', 'src/*', '.github/**/*.yml'])).toEqual([]);
    expect(outOfBounds(changed, [])).toEqual([]);
    expect(outOfBounds(changed, undefined)).toEqual([]);
  });
});
