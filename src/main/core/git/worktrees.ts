import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { branchExists, isOurBranch, isValidBranchName, TASK_BRANCH_PREFIX, taskBranchName } from './branchNames';
import { git, runGit } from './git';
import { branchRef, resolveCommit } from './repoInfo';
import { canonicalPath, listWorktrees } from './worktreeList';
import { runWorktreeAdmin } from './worktreeAdmin';

/** One attempt of a task: its own branch and checkout. */
export interface TaskWorktree {
  path: string;
  /** Short branch name, e.g. `wavelane/t1-2`. */
  branch: string;
  attempt: number;
  /** The target's head at the moment the task started (the worktree's first commit). */
  base: string;
}

export type CreateWorktreeError = 'TARGET_NOT_FOUND' | 'INVALID_BRANCH_NAME' | 'NO_FREE_BRANCH_NAME' | 'WORKTREE_ADD_FAILED';

/** Attempt numbers tried past the first free-looking one before giving up: far more than any retry count. */
const MAX_NAME_CANDIDATES = 100;

/**
 * Creates the worktree for a task attempt from the target's head as it is NOW (so the task sees every
 * dependency merged so far), on a new branch `wavelane/<task-id>` (`-2`, `-3`... when that name is
 * taken). An existing branch or folder is never reused or overwritten, whoever it belongs to.
 */
export async function createTaskWorktree(input: {
  repo: string;
  /** Folder of this repository's worktrees (see worktreeRoot). */
  root: string;
  taskId: string;
  /** Target branch (short name). */
  target: string;
  /** Attempt number to start from (the executor's count); names still skip anything taken. */
  attempt?: number;
}): Promise<Result<TaskWorktree, CreateWorktreeError>> {
  const { repo, root, taskId } = input;
  const base = await resolveCommit(repo, branchRef(input.target));
  if (!base) {
    return err('TARGET_NOT_FOUND', `The target branch ${input.target} does not exist (or has no commits) in ${repo}`, {
      where: input.target,
    });
  }
  const first = Math.max(1, input.attempt ?? 1);
  if (!(await isValidBranchName(repo, taskBranchName(taskId, first)))) {
    return err('INVALID_BRANCH_NAME', `Task id ${JSON.stringify(taskId)} does not make a valid git branch name`, {
      where: taskId,
    });
  }
  for (let attempt = first; attempt < first + MAX_NAME_CANDIDATES; attempt++) {
    const branch = taskBranchName(taskId, attempt);
    const dir = path.join(root, branch.slice(TASK_BRANCH_PREFIX.length));
    if ((await branchExists(repo, branch)) || existsSync(dir)) continue;
    // `git worktree add` creates the missing folders above `dir` itself: git/ writes nothing but through git.
    const added = await runWorktreeAdmin(repo, ['worktree', 'add', '--quiet', '--no-track', '-b', branch, dir, base]);
    if (added.code === 0) return ok({ path: dir, branch, attempt, base });
    if (existsSync(dir) || (await branchExists(repo, branch))) {
      // Either someone took the name between our look and our add (then it is theirs: move on), or
      // git failed half-way after creating the branch at `base` (then it is ours and empty: drop it).
      const tip = await resolveCommit(repo, branchRef(branch));
      const listed = await listWorktrees(repo);
      const wanted = await canonicalPath(dir);
      const registered = !listed.ok || listed.value.some((entry) => entry.path === dir || entry.path === wanted);
      if (tip === base && !registered && !existsSync(dir)) {
        await runGit(['update-ref', '-d', branchRef(branch), base], { cwd: repo });
      } else {
        continue;
      }
    }
    return err('WORKTREE_ADD_FAILED', `Could not create the worktree ${dir}: ${added.stderr.trim()}`, { where: dir });
  }
  return err('NO_FREE_BRANCH_NAME', `Every branch name from ${taskBranchName(taskId, first)} on is taken in ${repo}`, {
    where: taskId,
  });
}

export type RemoveWorktreeError = 'WORKTREE_DIRTY' | 'WORKTREE_NOT_MERGED' | 'NOT_A_WORKTREE' | 'WORKTREE_REMOVE_FAILED';

/**
 * `merged`: the work is committed and `into` (the target) contains it. `discarded`: the caller gives the
 * work up (a cancelled or failed task, or a worktree whose only leftovers come from our own verify run).
 */
export type RemovalReason = { kind: 'merged'; into: string } | { kind: 'discarded' };

/**
 * Removes a task's worktree. Unless the work is explicitly discarded, a worktree with uncommitted
 * changes (untracked files included) or with commits the target lacks is never removed: the error names
 * it and its files.
 */
export async function removeTaskWorktree(input: {
  repo: string;
  path: string;
  reason: RemovalReason;
}): Promise<Result<void, RemoveWorktreeError>> {
  const dir = path.resolve(input.path);
  const listed = await listWorktrees(input.repo);
  if (!listed.ok) return err('WORKTREE_REMOVE_FAILED', `Could not list the worktrees of ${input.repo}: ${listed.error.message}`, { where: dir });
  const entries = listed.value;
  const wanted = await canonical(dir);
  let entry: (typeof entries)[number] | undefined;
  for (const candidate of entries) if ((await canonical(candidate.path)) === wanted) entry = candidate;
  // The first entry is the main checkout: never a task worktree.
  if (!entry || entry === entries[0]) {
    if (!entry && !existsSync(dir)) return ok(undefined); // already gone
    return err('NOT_A_WORKTREE', `${dir} is not a task worktree of ${input.repo}`, { where: dir });
  }
  if (input.reason.kind === 'merged' && existsSync(dir)) {
    const status = await git(['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all'], { cwd: dir });
    if (!status.ok) return err('WORKTREE_REMOVE_FAILED', `Could not look at ${dir}: ${status.error.message}; not removed`, { where: dir });
    const dirty = status.value
      .split('\0')
      .filter(Boolean)
      .map((line) => line.slice(3));
    if (dirty.length > 0) {
      return err('WORKTREE_DIRTY', `The worktree ${dir} has uncommitted changes: ${listSome(dirty)}; not removed`, {
        where: dir,
        details: dirty,
      });
    }
    const head = entry.head;
    const contained =
      head !== null &&
      (await runGit(['merge-base', '--is-ancestor', head, input.reason.into], { cwd: input.repo })).code === 0;
    if (!contained) {
      return err('WORKTREE_NOT_MERGED', `The worktree ${dir} has commits that ${input.reason.into} does not contain; not removed`, {
        where: dir,
      });
    }
  }
  const removed = await runWorktreeAdmin(input.repo, ['worktree', 'remove', '--force', entry.path]);
  if (removed.code !== 0) {
    if (!existsSync(dir)) {
      await runWorktreeAdmin(input.repo, ['worktree', 'prune']);
      return ok(undefined);
    }
    return err('WORKTREE_REMOVE_FAILED', `Could not remove the worktree ${dir}: ${removed.stderr.trim()}`, { where: dir });
  }
  return ok(undefined);
}

export type DeleteBranchError = 'NOT_OUR_BRANCH' | 'BRANCH_MOVED' | 'BRANCH_NOT_MERGED' | 'BRANCH_CHECKED_OUT';

/**
 * Deletes a task branch, only if it is ours (see isOurBranch), still where we left it (`expectedHead`),
 * merged into `into` (unless discarded), and checked out nowhere. The deletion itself is a
 * compare-and-swap, so a branch moved at the last moment survives.
 */
export async function deleteTaskBranch(input: {
  repo: string;
  branch: string;
  taskId: string;
  owned?: ReadonlySet<string>;
  expectedHead?: string;
  reason: RemovalReason;
}): Promise<Result<void, DeleteBranchError>> {
  const { repo, branch } = input;
  const ref = branchRef(branch);
  const tip = await resolveCommit(repo, ref);
  if (!tip) return ok(undefined); // already gone
  if (!(await isOurBranch(repo, branch, input.taskId, input.owned))) {
    return err('NOT_OUR_BRANCH', `The branch ${branch} was not made by Wavelane for task ${input.taskId}; left as it is`, {
      where: branch,
    });
  }
  if (input.expectedHead && tip !== input.expectedHead) {
    return err('BRANCH_MOVED', `The branch ${branch} moved to ${tip.slice(0, 12)} since Wavelane used it; left as it is`, {
      where: branch,
    });
  }
  if (input.reason.kind === 'merged') {
    const merged = await runGit(['merge-base', '--is-ancestor', tip, input.reason.into], { cwd: repo });
    if (merged.code !== 0) {
      return err('BRANCH_NOT_MERGED', `The branch ${branch} has commits that ${input.reason.into} does not contain; kept`, {
        where: branch,
      });
    }
  }
  const listed = await listWorktrees(repo);
  if (!listed.ok) return err('BRANCH_CHECKED_OUT', `Cannot tell where ${branch} is checked out: ${listed.error.message}; kept`, { where: branch });
  const checkedOut = listed.value.find((entry) => entry.branch !== null && branchRef(entry.branch) === ref);
  if (checkedOut) {
    return err('BRANCH_CHECKED_OUT', `The branch ${branch} is checked out in ${checkedOut.path}; kept`, { where: branch });
  }
  const deleted = await runGit(['update-ref', '-d', ref, tip], { cwd: repo });
  if (deleted.code !== 0) {
    return err('BRANCH_MOVED', `Could not delete ${branch}: ${deleted.stderr.trim()}`, { where: branch });
  }
  return ok(undefined);
}

/** Symlinks resolved (git may record a worktree through another spelling of the same folder). */
async function canonical(dir: string): Promise<string> {
  return realpath(dir).catch(() => path.resolve(dir));
}

function listSome(files: string[]): string {
  const shown = files.slice(0, 5).join(', ');
  return files.length > 5 ? `${shown} and ${files.length - 5} more` : shown;
}
