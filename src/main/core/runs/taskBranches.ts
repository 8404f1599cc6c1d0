import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { TASK_BRANCH_PREFIX } from '../git/branchNames';
import { runGit } from '../git/git';
import type { GitQueryError } from '../git/gitQueries';
import type { WorktreeEntry } from '../git/worktreeList';
import { RUN_TRAILER, TASK_TRAILER } from '../git/trailers';

/**
 * The branches (and worktree folders) a run's tasks may have left without the state knowing: a process
 * killed during `git worktree add`, or between the agent's commit and the state write. Ours means named
 * as we name them (`wavelane/<task-id>`, `-2`, `-3`... and the worktree folder after the branch) for a
 * task of that run; work on one counts as ours only with our trailers for that task and run.
 */
export interface TaskBranch {
  /** Short name, e.g. `wavelane/t1-2`. */
  branch: string;
  tip: string;
  task: string;
  attempt: number;
}

/** git's own lock reason while `git worktree add` has not finished: nobody else writes it. */
export const ADD_IN_PROGRESS = 'initializing';

/** Which task and attempt our naming gives `name` (a branch without its prefix, or a worktree folder's name). */
export function taskOfName(name: string, taskIds: ReadonlySet<string>): { task: string; attempt: number } | null {
  if (taskIds.has(name)) return { task: name, attempt: 1 };
  const numbered = /^(.+)-(\d+)$/.exec(name);
  if (numbered && taskIds.has(numbered[1]!) && Number(numbered[2]) >= 2) return { task: numbered[1]!, attempt: Number(numbered[2]) };
  return null;
}

/** Every `wavelane/*` branch named for one of `taskIds`, with its tip. */
export async function listTaskBranches(repoDir: string, taskIds: ReadonlySet<string>): Promise<Result<TaskBranch[], GitQueryError>> {
  const listed = await runGit(['for-each-ref', '--format=%(refname)%00%(objectname)', `refs/heads/${TASK_BRANCH_PREFIX}`], { cwd: repoDir });
  if (listed.code !== 0) return err('GIT_FAILED', `git for-each-ref failed in ${repoDir}: ${listed.stderr.trim()}`, { where: repoDir });
  const branches: TaskBranch[] = [];
  for (const line of listed.stdout.split('\n')) {
    const [ref, tip] = line.split('\0');
    if (!ref || !tip) continue;
    const branch = ref.slice('refs/heads/'.length);
    const owner = taskOfName(branch.slice(TASK_BRANCH_PREFIX.length), taskIds);
    if (owner) branches.push({ branch, tip, ...owner });
  }
  return ok(branches);
}

/** Whether `commit` carries our trailers for this task of this run (the agent's work, committed by us). */
export async function isStampedBy(repoDir: string, commit: string, taskId: string, runId: string): Promise<boolean> {
  const trailer = (key: string) => `%(trailers:key=${key},valueonly,unfold,separator=%x2C)`;
  const shown = await runGit(['show', '-s', `--format=${trailer(TASK_TRAILER)}%x00${trailer(RUN_TRAILER)}`, '--end-of-options', commit], { cwd: repoDir });
  if (shown.code !== 0) return false;
  const [tasks = '', runs = ''] = shown.stdout.trim().split('\0');
  const has = (values: string, wanted: string) => values.split(',').some((value) => value.trim() === wanted);
  return has(tasks, taskId) && has(runs, runId);
}

/**
 * A worktree `git worktree add` never finished (killed half-way): locked by git as `initializing`, on a
 * task branch of ours or on none yet, in a folder named as ours under the run's worktree root.
 */
export function isHalfCreated(entry: WorktreeEntry, root: string, taskIds: ReadonlySet<string>): boolean {
  if (!entry.locked || entry.lockReason !== ADD_IN_PROGRESS) return false;
  if (path.dirname(entry.path) !== root) return false;
  const owner = taskOfName(path.basename(entry.path), taskIds);
  if (!owner) return false;
  return entry.branch === null || entry.branch === `${TASK_BRANCH_PREFIX}${path.basename(entry.path)}`;
}

/**
 * Admin entries (`<common dir>/worktrees/<name>/`) a `git worktree add` left when it was killed before
 * writing their `gitdir` file: git lists them nowhere, and `git worktree prune` skips them because they
 * are still locked `initializing`. Ours when named as a task's worktree. Returns their folders.
 */
export async function abandonedWorktreeAdmins(commonDir: string, taskIds: ReadonlySet<string>): Promise<string[]> {
  const admin = path.join(commonDir, 'worktrees');
  const names = await readdir(admin).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names) {
    if (!taskOfName(name, taskIds)) continue;
    const entry = path.join(admin, name);
    const lock = await readFile(path.join(entry, 'locked'), 'utf8').catch(() => null);
    if (lock === null || lock.trim() !== ADD_IN_PROGRESS || existsSync(path.join(entry, 'gitdir'))) continue;
    found.push(entry);
  }
  return found;
}
