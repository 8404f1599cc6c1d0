import { err, ok, type Result } from '../../../shared/result';
import { git, runGit, type GitOutcome } from '../git/git';
import { taskTrailersOf } from '../git/trailers';
import { runShellCommand } from '../processes/shellCommand';

/** What a verify run did, for the task's report. */
export interface VerifyReport {
  command: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** The tail of its output. */
  output: string;
  durationMs: number;
  /** The merge commit it ran on, and that commit's tree (what was checked out). */
  commit: string;
  tree: string;
}

export type VerifyError = 'WORKTREE_DIRTY' | 'VERIFY_CHECKOUT_FAILED' | 'VERIFY_NOT_STARTED';

/** A verify command that runs this long is stuck: half an hour covers a full build and test run. */
export const DEFAULT_VERIFY_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs the verify command on exactly the merged tree: the task's worktree is ours, so it is moved to the
 * merge commit (detached, so no branch moves) and the command runs there. The result says whether it
 * passed; an error means it could not run at all.
 *
 * Before the first verify the worktree must hold no uncommitted change (the task's work was committed,
 * and nothing may be lost). A worktree already detached at an earlier merge commit was put there by an
 * earlier verify of this same task (the target moved and the merge started over): whatever is
 * uncommitted in it was made by that verify run, so it is reset and cleaned (ignored files, such as
 * installed dependencies, are kept).
 */
export async function verifyMergedTree(input: {
  worktree: string;
  mergeCommit: string;
  /** The task being merged: an earlier merge commit of the same task is recognised by its trailer. */
  taskId: string;
  command: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): Promise<Result<VerifyReport, VerifyError>> {
  const { worktree, mergeCommit } = input;
  const earlierVerify = await atEarlierMergeOf(worktree, input.taskId);
  if (!earlierVerify) {
    const listed = await uncommitted(worktree);
    if (!listed.ok) return err('WORKTREE_DIRTY', `Cannot tell whether ${worktree} is clean: ${listed.error.message}; not verified`, { where: worktree });
    const dirty = listed.value;
    if (dirty.length > 0) {
      return err('WORKTREE_DIRTY', `The worktree ${worktree} has uncommitted changes (${dirty.slice(0, 5).join(', ')}); not verified`, {
        where: worktree,
        details: dirty,
      });
    }
  }
  const moved = await runGit(['checkout', '--quiet', '--detach', ...(earlierVerify ? ['--force'] : []), mergeCommit, '--'], {
    cwd: worktree,
  });
  if (moved.code !== 0) {
    return err('VERIFY_CHECKOUT_FAILED', `Could not check out the merge ${mergeCommit.slice(0, 12)} in ${worktree}: ${moved.stderr.trim()}`, {
      where: worktree,
    });
  }
  if (earlierVerify) {
    const cleaned = await git(['clean', '-f', '-d', '-q'], { cwd: worktree });
    if (!cleaned.ok) return err('VERIFY_CHECKOUT_FAILED', `Could not clean ${worktree} for the verify: ${cleaned.error.message}`, { where: worktree });
  }
  const tree = await git(['rev-parse', `${mergeCommit}^{tree}`], { cwd: worktree });
  if (!tree.ok) return err('VERIFY_CHECKOUT_FAILED', `Could not read the tree of ${mergeCommit.slice(0, 12)}: ${tree.error.message}`, { where: worktree });
  const run = await runShellCommand({
    command: input.command,
    cwd: worktree,
    timeoutMs: input.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
    env: input.env,
  });
  if (run.startError !== null) {
    return err('VERIFY_NOT_STARTED', `Could not run the verify command in ${worktree}: ${run.startError}`, { where: worktree });
  }
  return ok({
    command: input.command,
    passed: run.exitCode === 0 && !run.timedOut,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    output: run.output,
    durationMs: run.durationMs,
    commit: mergeCommit,
    tree: tree.value,
  });
}

/** Puts a worktree back on its task branch after a failed verify, dropping what the verify run left. */
export async function returnToTaskBranch(worktree: string, branch: string): Promise<GitOutcome<void>> {
  const back = await git(['checkout', '--quiet', '--force', branch, '--'], { cwd: worktree });
  if (!back.ok) return back;
  const cleaned = await git(['clean', '-f', '-d', '-q'], { cwd: worktree });
  return cleaned.ok ? { ok: true, value: undefined } : cleaned;
}

/** Detached at a two-parent commit stamped with this task: where an earlier verify of the task left it. */
async function atEarlierMergeOf(worktree: string, taskId: string): Promise<boolean> {
  if ((await runGit(['symbolic-ref', '--quiet', 'HEAD'], { cwd: worktree })).code === 0) return false;
  const parents = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^2'], { cwd: worktree });
  return parents.code === 0 && (await taskTrailersOf(worktree, 'HEAD')).includes(taskId);
}

async function uncommitted(worktree: string): Promise<GitOutcome<string[]>> {
  const status = await git(['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all'], { cwd: worktree });
  if (!status.ok) return status;
  const files = status.value
    .split('\0')
    .filter(Boolean)
    .map((line) => line.slice(3));
  return { ok: true, value: files };
}
