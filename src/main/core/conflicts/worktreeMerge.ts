import { existsSync } from 'node:fs';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import type { UntrackedBefore } from '../storage/resolutionStore';
import { removeWorktreeFile } from '../storage/worktreeFiles';
import { branchRef } from '../git/repoInfo';
import { unmergedStages, type PathStages } from './conflictStages';

/**
 * The merge of the target INTO the task's worktree (`git merge --no-ff --no-commit <target>`), which both
 * Complete merge and Ask agent use, and the way back to exactly the task's commit. Only the task's own
 * worktree is ever touched, never the user's checkout.
 */

export type WorktreeMergeError = 'NOT_FOUND' | 'BUSY' | 'GIT_FAILED';

export type WorktreeMerge =
  | {
      status: 'conflicted';
      /** The task branch's head before the merge (what Abort returns to). */
      head: string;
      /** The target commit being merged (MERGE_HEAD). */
      targetCommit: string;
      /** The unmerged paths and their versions (ours = target, theirs = task). */
      stages: Map<string, PathStages>;
    }
  /** Git merged it without conflicts (or the target was already in); nothing was left changed. */
  | { status: 'clean'; head: string };

/**
 * Settings for the merges we start: rerere must not quietly settle (and stage) a path the user is
 * shown as conflicted, and an autostash would hide changes we have just refused to merge over.
 */
const MERGE_CONFIG = ['-c', 'rerere.enabled=false', '-c', 'merge.autoStash=false'];

/** Pathspecs are file names, never globs or magic (a file may be called `*.txt` or `:x`). */
export const LITERAL_PATHS = { GIT_LITERAL_PATHSPECS: '1' } as const;

/** The worktree exists, is on the task branch, holds no merge in progress and no uncommitted tracked change. */
export async function checkWorktreeReady(worktree: string, branch: string): Promise<Result<string, WorktreeMergeError>> {
  if (!existsSync(worktree)) return err('NOT_FOUND', `The task's worktree ${worktree} does not exist`, { where: worktree });
  const onBranch = await runGit(['symbolic-ref', '--quiet', 'HEAD'], { cwd: worktree });
  if (onBranch.code !== 0 || onBranch.stdout.trim() !== branchRef(branch)) {
    const where = onBranch.code === 0 ? onBranch.stdout.trim() : 'a detached HEAD';
    return err('BUSY', `The worktree ${worktree} is on ${where}, not on ${branch}`, { where: worktree });
  }
  if (await isMerging(worktree)) {
    return err('BUSY', `A merge is already in progress in ${worktree} (an agent resolving, or an unfinished step)`, { where: worktree });
  }
  const dirty = await trackedChanges(worktree);
  if (dirty === null) return err('GIT_FAILED', `git status failed in ${worktree}`, { where: worktree });
  if (dirty.length > 0) {
    return err('BUSY', `The worktree ${worktree} has uncommitted changes (${dirty.slice(0, 5).join(', ')}); commit or discard them first`, {
      where: worktree,
      details: dirty,
    });
  }
  const head = await runGit(['rev-parse', '--verify', 'HEAD'], { cwd: worktree });
  if (head.code !== 0) return err('GIT_FAILED', `The worktree ${worktree} has no commit checked out`, { where: worktree });
  return ok(head.stdout.trim());
}

/** Merges `target` into the (ready) worktree, leaving conflict markers and unmerged entries in place. */
export async function mergeTargetIntoWorktree(input: {
  worktree: string;
  branch: string;
  target: string;
}): Promise<Result<WorktreeMerge, WorktreeMergeError>> {
  const { worktree, target } = input;
  const ready = await checkWorktreeReady(worktree, input.branch);
  if (!ready.ok) return ready;
  const head = ready.value;
  const targetRef = branchRef(target);
  if ((await runGit(['rev-parse', '--verify', '--quiet', `${targetRef}^{commit}`], { cwd: worktree })).code !== 0) {
    return err('NOT_FOUND', `The target branch ${target} does not exist`, { where: target });
  }
  // The short name (not an oid) so the markers read `>>>>>>> main`; MERGE_HEAD says which commit it was.
  const merged = await runGit([...MERGE_CONFIG, 'merge', '--no-ff', '--no-commit', '--no-edit', target], { cwd: worktree });
  const mergeHead = await readMergeHead(worktree);
  if (merged.code === 0) {
    if (mergeHead) await restoreWorktree(worktree, input.branch, head);
    return ok({ status: 'clean', head });
  }
  const stages = mergeHead ? await unmergedStages(worktree) : null;
  if (!mergeHead || !stages || stages.size === 0) {
    const restored = await restoreWorktree(worktree, input.branch, head);
    const why = merged.stderr.trim() || merged.stdout.trim();
    return err('GIT_FAILED', `git could not merge ${target} into ${input.branch} in ${worktree}: ${why}${restored.ok ? '' : `; ${restored.error.message}`}`, {
      where: worktree,
    });
  }
  return ok({ status: 'conflicted', head, targetCommit: mergeHead, stages });
}

export async function readMergeHead(worktree: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', 'MERGE_HEAD'], { cwd: worktree });
  return result.code === 0 ? result.stdout.trim() : null;
}

export async function isMerging(worktree: string): Promise<boolean> {
  return (await readMergeHead(worktree)) !== null;
}

/** Tracked paths that differ from HEAD (staged or not, unmerged included); untracked files do not count. */
export async function trackedChanges(worktree: string): Promise<string[] | null> {
  const status = await runGit(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--ignore-submodules=none'], { cwd: worktree });
  if (status.code !== 0) return null;
  const entries = status.stdout.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') i++; // the rename's source follows as its own entry
  }
  return paths;
}

/** Untracked, not ignored files (what an agent may have created). */
export async function untrackedFiles(worktree: string): Promise<string[]> {
  const listed = await runGit(['ls-files', '--others', '--exclude-standard', '-z'], { cwd: worktree });
  return listed.code === 0 ? listed.stdout.split('\0').filter(Boolean) : [];
}

/** Ignored files and folders (a folder once, as `dir/`: node_modules is not listed file by file). */
export async function ignoredEntries(worktree: string): Promise<string[]> {
  const listed = await runGit(['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], { cwd: worktree });
  return listed.code === 0 ? listed.stdout.split('\0').filter(Boolean) : [];
}

// Declared where it is stored (storage/ stands below conflicts/ and must not import it).
export type { UntrackedBefore } from '../storage/resolutionStore';

/** Takes files that were untracked before back out of git's index (a resolver may have staged or committed them), so no reset deletes them. */
async function unstageUntracked(worktree: string, before: UntrackedBefore): Promise<void> {
  const paths = [...before.untracked, ...before.ignored];
  if (paths.length === 0) return;
  await runGit(['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--pathspec-from-file=-', '--pathspec-file-nul'], {
    cwd: worktree,
    env: LITERAL_PATHS,
    input: paths.map((file) => `${file}\0`).join(''),
  });
}

/**
 * Brings the worktree back to exactly the task's commit `head`: ends a merge in progress (`git merge
 * --abort`), and if that is not enough (a file edited after git had merged it, a commit made during the
 * merge) resets the tracked files and the branch to `head`. Only used where the worktree was clean at
 * `head` before we started, so nothing of anyone's is discarded but the merge's and its resolver's.
 * With `before`, files that were untracked or ignored then are kept whatever the resolver did with them,
 * and untracked files created since (not ignored ones) are removed.
 */
export async function restoreWorktree(
  worktree: string,
  branch: string,
  head: string,
  before?: UntrackedBefore,
): Promise<Result<{ removed: string[] }, 'GIT_FAILED'>> {
  if (before) await unstageUntracked(worktree, before);
  if (await isMerging(worktree)) await runGit(['merge', '--abort'], { cwd: worktree });
  const now = await runGit(['rev-parse', '--verify', 'HEAD'], { cwd: worktree });
  const dirty = await trackedChanges(worktree);
  if (now.stdout.trim() !== head || dirty === null || dirty.length > 0 || (await isMerging(worktree))) {
    // Only the task branch, at `head` or a commit on top of it (the resolver committed), is ours to move back.
    const onBranch = await runGit(['symbolic-ref', '--quiet', 'HEAD'], { cwd: worktree });
    const descends = (await runGit(['merge-base', '--is-ancestor', head, 'HEAD'], { cwd: worktree })).code === 0;
    if (onBranch.stdout.trim() !== branchRef(branch) || !descends) {
      return err('GIT_FAILED', `The worktree ${worktree} is no longer on ${branch} at ${head.slice(0, 12)} or a commit on top of it; it was left as it is`, {
        where: worktree,
      });
    }
    const reset = await runGit(['reset', '--hard', '--quiet', head], { cwd: worktree });
    if (reset.code !== 0) {
      return err('GIT_FAILED', `Could not restore ${worktree} to ${head.slice(0, 12)}: ${reset.stderr.trim()}`, { where: worktree });
    }
  }
  const removed: string[] = [];
  if (before) {
    const existed = new Set(before.untracked);
    for (const file of await untrackedFiles(worktree)) {
      if (existed.has(file)) continue;
      await removeWorktreeFile(worktree, file);
      removed.push(file);
    }
  }
  return ok({ removed });
}
