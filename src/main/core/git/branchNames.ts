import { runGit } from './git';
import { branchRef } from './repoInfo';
import { taskTrailersOf } from './trailers';

/** Every branch Wavelane creates lives under this prefix, so they are easy to see and never collide with the user's. */
export const TASK_BRANCH_PREFIX = 'wavelane/';

/** `wavelane/<task-id>` for the first attempt, then `wavelane/<task-id>-2`, `-3`... */
export function taskBranchName(taskId: string, attempt: number): string {
  return `${TASK_BRANCH_PREFIX}${taskId}${attempt > 1 ? `-${attempt}` : ''}`;
}

/** Whether git accepts `branch` as a branch name (task ids like `a..b` or `x.lock` do not make one). */
export async function isValidBranchName(cwd: string, branch: string): Promise<boolean> {
  const result = await runGit(['check-ref-format', '--branch', branch], { cwd });
  return result.code === 0;
}

export async function branchExists(cwd: string, branch: string): Promise<boolean> {
  const result = await runGit(['show-ref', '--verify', '--quiet', branchRef(branch)], { cwd });
  return result.code === 0;
}

/**
 * A branch is ours (for task `taskId`) only if the caller recorded it as ours or its tip carries our
 * `Wavelane-Task: <id>` trailer. Anything else, even under `wavelane/`, is someone else's: we never
 * delete, reset or reuse it. (The trailer check also tells `wavelane/a-2` of task `a` from the first
 * attempt of a task called `a-2`.)
 */
export async function isOurBranch(
  cwd: string,
  branch: string,
  taskId: string,
  owned: ReadonlySet<string> = new Set(),
): Promise<boolean> {
  if (owned.has(branch)) return true;
  if (!(await branchExists(cwd, branch))) return false;
  return (await taskTrailersOf(cwd, branchRef(branch))).includes(taskId);
}
