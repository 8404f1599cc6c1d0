import { setTimeout as delay } from 'node:timers/promises';
import { GitError, runGit, type GitResult } from './git';

/**
 * `git worktree add` writes a new worktree's administrative files one after another, so a `worktree
 * list` running at that moment (the merge queue lists worktrees while other tasks start) can fail with
 * "failed to read .git/worktrees/<name>/commondir". That is transient: look again shortly.
 */
const LIST_RETRIES = 20;
const LIST_RETRY_MS = 25;
const HALF_WRITTEN = /failed to read .*worktrees\/.*\/(commondir|gitdir|HEAD)|worktrees\/.*: No such file/;

/** Runs `git worktree list --porcelain -z`, retrying while another worktree is half-created. */
export async function runWorktreeList(cwd: string): Promise<GitResult> {
  const args = ['worktree', 'list', '--porcelain', '-z'];
  let result = await runGit(args, { cwd });
  for (let retry = 0; retry < LIST_RETRIES && result.code !== 0 && HALF_WRITTEN.test(result.stderr); retry++) {
    await delay(LIST_RETRY_MS);
    result = await runGit(args, { cwd });
  }
  return result;
}

/** One entry of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  path: string;
  /** The checked-out commit, or null in a repository without commits. */
  head: string | null;
  /** Full ref (`refs/heads/main`) of the checked-out branch, or null when detached or bare. */
  branch: string | null;
  bare: boolean;
  locked: boolean;
  /** Registered, but its folder is gone (`git worktree prune` would drop it). */
  prunable: boolean;
}

/** Every worktree of the repository `cwd` belongs to, the main one first. */
export async function listWorktrees(cwd: string): Promise<WorktreeEntry[]> {
  // -z: paths may hold newlines; records are NUL-terminated lines with an empty line between records.
  const listed = await runWorktreeList(cwd);
  if (listed.code !== 0) throw new GitError(['worktree', 'list', '--porcelain', '-z'], listed);
  const out = listed.stdout;
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const line of out.split('\0')) {
    if (line === '') {
      current = null;
      continue;
    }
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? '' : line.slice(space + 1);
    if (key === 'worktree') {
      current = { path: value, head: null, branch: null, bare: false, locked: false, prunable: false };
      entries.push(current);
    } else if (current) {
      if (key === 'HEAD') current.head = /^0+$/.test(value) ? null : value;
      else if (key === 'branch') current.branch = value;
      else if (key === 'bare') current.bare = true;
      else if (key === 'locked') current.locked = true;
      else if (key === 'prunable') current.prunable = true;
    }
  }
  return entries;
}

/** The folders where `ref` (a full branch ref) is checked out: usually none or one (the main checkout). */
export async function checkoutsOf(cwd: string, ref: string): Promise<string[]> {
  return (await listWorktrees(cwd)).filter((entry) => entry.branch === ref && !entry.prunable).map((entry) => entry.path);
}
