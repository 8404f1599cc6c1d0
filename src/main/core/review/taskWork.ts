import { existsSync } from 'node:fs';
import { err, ok, type Result } from '../../../shared/result';
import { branchRef, resolveCommit } from '../git/repoInfo';
import { runWorktreeAdmin } from '../git/worktreeAdmin';

/** Where a task's unlanded work should be: its last attempt's branch and worktree. */
export interface TaskWorkPlace {
  repo: string;
  taskId: string;
  branch: string;
  worktree: string;
  /** The run's target, named in the advice when the work is gone. */
  target: string;
}

/**
 * Makes sure the task's work is there before an action uses it. The branch is the work: when it is gone
 * (`wavelane clean --force`, or deleted by hand) nothing is left to land or change, and the answer says
 * so, with what the user can do (a run with the task on it starts again in a fresh worktree from the
 * target: the board's Run parallel lane, or the same `wavelane run` again). When only the worktree's
 * folder is gone, it is made again at its recorded place from the branch, as it was: verify and follow-ups
 * run there, and nothing of the work is lost or rewritten.
 */
export async function ensureTaskWork(place: TaskWorkPlace, action: string): Promise<Result<void, 'WORK_GONE'>> {
  const { repo, taskId, branch, worktree } = place;
  const tip = await resolveCommit(repo, branchRef(branch));
  if (!tip) {
    const folder = existsSync(worktree) ? '' : ` and its worktree ${worktree}`;
    return err(
      'WORK_GONE',
      `Cannot ${action} task ${taskId}: its branch ${branch}${folder} no longer exist${folder ? '' : 's'} (removed by ` +
        `\`wavelane clean --force\` or by hand), so none of its work is left. To do the task again, run it again: ` +
        `put it on Run parallel and start a run (or run the same \`wavelane run\`), and it starts in a fresh worktree from ${place.target}.`,
      { where: branch },
    );
  }
  if (existsSync(worktree)) return ok(undefined);
  // The folder was deleted by hand: git still lists it (prunable) with the branch checked out there.
  await runWorktreeAdmin(repo, ['worktree', 'prune']);
  const added = await runWorktreeAdmin(repo, ['worktree', 'add', '--quiet', worktree, branch]);
  if (added.code !== 0) {
    return err(
      'WORK_GONE',
      `Cannot ${action} task ${taskId}: its worktree ${worktree} is gone and could not be made again from its branch ${branch} ` +
        `(${added.stderr.trim() || `git exit ${added.code}`}); the branch is kept as it is.`,
      { where: worktree },
    );
  }
  return ok(undefined);
}
