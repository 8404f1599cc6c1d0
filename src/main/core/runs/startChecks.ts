import { stat } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { inspectCheckout } from '../merge/syncCheckout';
import { readRepoInfo, resolveCommit, type RepoInfo } from '../git/repoInfo';
import { checkoutsOf } from '../git/worktreeList';

export type StartCheckError =
  | 'NOT_FOUND'
  | 'NOT_A_REPO'
  | 'BARE_REPO'
  | 'DETACHED_HEAD'
  | 'TARGET_NOT_FOUND'
  | 'TARGET_CHECKOUT_DIRTY'
  | 'TARGET_CHECKOUT_UNREADABLE';

export interface StartCheckOk {
  repo: RepoInfo;
  target: {
    /** Short branch name. */
    branch: string;
    ref: string;
    head: string;
  };
  /** Where the target branch is checked out (usually the main checkout), possibly nowhere. */
  checkouts: string[];
}

/**
 * The git half of a run's start checks (the plan and the agent profiles are checked elsewhere). Reads
 * only: on any failure the run stops with exit 2 and nothing has been created. Untracked files in the
 * target's checkout are fine (the run keeps them); uncommitted changes to tracked files are not, since
 * that checkout moves with every merge.
 */
export async function runStartChecks(input: {
  repo: string;
  /** `--target`; by default the branch checked out in the repository. */
  target?: string | null;
}): Promise<Result<StartCheckOk, StartCheckError>> {
  const dir = path.resolve(input.repo);
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) return err('NOT_FOUND', `No such folder: ${dir}`, { where: dir });
  const info = await readRepoInfo(dir);
  if (!info.ok) return info;
  const repo = info.value;
  let branch = input.target?.trim().replace(/^refs\/heads\//, '') || null;
  if (!branch) {
    if (!repo.currentBranch) {
      return err('DETACHED_HEAD', `HEAD is detached in ${repo.topLevel}; check out the branch to merge into, or pass --target BRANCH`, {
        where: repo.topLevel,
      });
    }
    branch = repo.currentBranch;
  }
  const ref = `refs/heads/${branch}`;
  const head = await resolveCommit(repo.topLevel, ref);
  if (!head) {
    const unborn = !input.target && repo.currentBranch === branch;
    return err(
      'TARGET_NOT_FOUND',
      unborn
        ? `The branch ${branch} in ${repo.topLevel} has no commits yet; make a first commit before running tasks`
        : `There is no local branch ${JSON.stringify(branch)} in ${repo.topLevel} (--target names a local branch)`,
      { where: branch },
    );
  }
  const listed = await checkoutsOf(repo.topLevel, ref);
  if (!listed.ok) return err('NOT_A_REPO', `Cannot list the worktrees of ${repo.topLevel}: ${listed.error.message}`, { where: repo.topLevel });
  const checkouts = listed.value;
  for (const checkout of checkouts) {
    const inspected = await inspectCheckout(repo.commonDir, checkout, ref);
    if (!inspected.ok) {
      return err('TARGET_CHECKOUT_UNREADABLE', `Cannot look at the checkout of ${branch} at ${checkout}: ${inspected.error.message}`, {
        where: checkout,
      });
    }
    const state = inspected.value;
    if (state.kind === 'dirty') {
      const shown = state.files.slice(0, 10).join(', ') + (state.files.length > 10 ? ` and ${state.files.length - 10} more` : '');
      return err(
        'TARGET_CHECKOUT_DIRTY',
        `The checkout of ${branch} at ${checkout} has uncommitted changes to tracked files: ${shown}; commit or stash them first (untracked files are fine)`,
        { where: checkout, details: state.files },
      );
    }
  }
  return ok({ repo, target: { branch, ref, head }, checkouts });
}
