import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { git, runGit, type GitOutcome, type GitResult } from './git';

/**
 * `git worktree add` writes a new worktree's administrative files one after another, so a `worktree
 * list` running at that moment (the merge queue lists worktrees while other tasks start) can fail with
 * "failed to read .git/worktrees/<name>/commondir". That is transient: look again shortly.
 */
const LIST_RETRIES = 20;
const LIST_RETRY_MS = 25;
const HALF_WRITTEN = /failed to read .*worktrees\/.*\/(commondir|gitdir|HEAD)|worktrees\/.*: No such file/;

/** Runs `git worktree list --porcelain -z`, retrying while another worktree is half-created. */
async function runWorktreeList(cwd: string): Promise<GitResult> {
  const args = ['worktree', 'list', '--porcelain', '-z'];
  let result = await runGit(args, { cwd });
  for (let retry = 0; retry < LIST_RETRIES && result.code !== 0 && HALF_WRITTEN.test(result.stderr); retry++) {
    await delay(LIST_RETRY_MS);
    result = await runGit(args, { cwd });
  }
  return result;
}

/** A folder compared by its real path when it exists (so /tmp and /private/tmp agree), else as given. */
export async function canonicalPath(value: string): Promise<string> {
  try {
    return await realpath(value);
  } catch {
    return path.resolve(value);
  }
}

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  /** Canonical path (see canonicalPath). */
  path: string;
  /** The checked-out commit, or null in a repository without commits. */
  head: string | null;
  /** Short name of the checked-out branch (`main`), or null when detached or bare. */
  branch: string | null;
  bare: boolean;
  locked: boolean;
  /** Why it is locked ('' when no reason was given); `initializing` is git's own mark of an add that never finished. */
  lockReason: string | null;
  /** Registered, but its folder is gone (`git worktree prune` would drop it). */
  prunable: boolean;
}

/** Every worktree of the repository `repoDir` belongs to, the main one first. */
export async function listWorktrees(repoDir: string): Promise<GitOutcome<WorktreeEntry[]>> {
  // -z: paths may hold newlines; records are NUL-terminated lines with an empty line between records.
  const listed = await runWorktreeList(repoDir);
  if (listed.code !== 0) {
    return {
      ok: false,
      error: {
        code: 'GIT_FAILED',
        message: `git worktree list failed in ${repoDir}: ${listed.stderr.trim() || `exit ${listed.code}`}`,
        where: repoDir,
        args: ['worktree', 'list', '--porcelain', '-z'],
        exitCode: listed.code,
        stdout: listed.stdout,
        stderr: listed.stderr,
      },
    };
  }
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const line of listed.stdout.split('\0')) {
    if (line === '') {
      current = null;
      continue;
    }
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? '' : line.slice(space + 1);
    if (key === 'worktree') {
      current = { path: await canonicalPath(value), head: null, branch: null, bare: false, locked: false, lockReason: null, prunable: false };
      entries.push(current);
    } else if (current) {
      if (key === 'HEAD') current.head = /^0+$/.test(value) ? null : value;
      else if (key === 'branch') current.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'bare') current.bare = true;
      else if (key === 'locked') {
        current.locked = true;
        current.lockReason = value;
      }
      else if (key === 'prunable') current.prunable = true;
    }
  }
  const main = entries[0];
  if (main && !main.bare) main.path = await mainWorktreePath(repoDir, main.path);
  return { ok: true, value: entries };
}

/**
 * Where the main worktree really is. In a repository made with `git init --separate-git-dir`, git lists
 * the git dir itself as the main worktree (nothing records where the work tree is); from inside the main
 * worktree, `--show-toplevel` of the folder whose git dir is the common dir says it.
 */
async function mainWorktreePath(repoDir: string, listed: string): Promise<string> {
  const probe = await git(['rev-parse', '--path-format=absolute', '--git-common-dir', '--absolute-git-dir', '--show-toplevel'], { cwd: repoDir });
  if (!probe.ok) return listed;
  const [commonDir, gitDir, topLevel] = probe.value.split('\n');
  if (!commonDir || !topLevel || (await canonicalPath(commonDir)) !== listed) return listed;
  // Only the main worktree's git dir is the common dir; a linked worktree cannot tell where the main one is.
  return (await canonicalPath(gitDir ?? '')) === listed ? canonicalPath(topLevel) : listed;
}

/** The folders where `branch` (short name or full ref) is checked out: usually none or one (the main checkout). */
export async function checkoutsOf(cwd: string, branch: string): Promise<GitOutcome<string[]>> {
  const listed = await listWorktrees(cwd);
  if (!listed.ok) return listed;
  const short = branch.replace(/^refs\/heads\//, '');
  return { ok: true, value: listed.value.filter((entry) => entry.branch === short && !entry.prunable).map((entry) => entry.path) };
}
