import { stat } from 'node:fs/promises';
import { ok, type Result } from '../../../shared/result';
import { commitsNotOn, resolveCommit, uncommittedChanges, type GitQueryError } from '../git/gitQueries';
import { canonicalPath, type WorktreeEntry } from '../git/worktreeList';

/**
 * What a task attempt left behind, and whether removing it could lose work. Work counts as safe only when
 * every file is committed and every commit is on the target; anything else is kept unless the user forces it.
 */
export type WorktreeCondition =
  /** Neither a folder nor known to git: nothing to do. */
  | { kind: 'absent' }
  /** The repository's main checkout (a state naming it is damaged): never a task's worktree. */
  | { kind: 'main'; path: string }
  /** A folder git does not know as a worktree of this repository: never ours to delete. */
  | { kind: 'unregistered'; path: string }
  /** Known to git, folder gone: `git worktree prune` forgets it. */
  | { kind: 'prunable'; path: string; branch: string | null }
  | { kind: 'clean'; path: string; head: string | null; branch: string | null }
  | { kind: 'dirty'; path: string; head: string | null; branch: string | null; changes: string[] }
  | { kind: 'unmerged'; path: string; head: string; branch: string | null; commits: number };

/**
 * `registered` is `listWorktrees` of the repository (listed once by the caller); `targetRef` is the ref the
 * work must be on to count as merged, or null when the target branch is gone (then every commit is unmerged).
 */
export async function inspectWorktree(
  repoDir: string,
  worktree: string,
  registered: readonly WorktreeEntry[],
  targetRef: string | null,
): Promise<Result<WorktreeCondition, GitQueryError>> {
  const where = await canonicalPath(worktree);
  if (registered[0]?.path === where) return ok({ kind: 'main', path: where });
  const entry = registered.find((candidate) => candidate.path === where);
  const exists = await isDirectory(where);
  if (!entry) return ok(exists ? { kind: 'unregistered', path: where } : { kind: 'absent' });
  if (!exists || entry.prunable) return ok({ kind: 'prunable', path: where, branch: entry.branch });
  const changes = await uncommittedChanges(where);
  if (!changes.ok) return changes;
  if (changes.value.length > 0) {
    return ok({ kind: 'dirty', path: where, head: entry.head, branch: entry.branch, changes: changes.value });
  }
  if (entry.head) {
    const commits = await commitsNotOn(repoDir, entry.head, targetRef);
    if (!commits.ok) return commits;
    if (commits.value > 0) {
      return ok({ kind: 'unmerged', path: where, head: entry.head, branch: entry.branch, commits: commits.value });
    }
  }
  return ok({ kind: 'clean', path: where, head: entry.head, branch: entry.branch });
}

export type BranchCondition = { exists: false } | { exists: true; tip: string; unmergedCommits: number };

/** Whether a (short-named) branch exists and how many of its commits are not on the target. */
export async function inspectBranch(
  repoDir: string,
  branch: string,
  targetRef: string | null,
): Promise<Result<BranchCondition, GitQueryError>> {
  const tip = await resolveCommit(repoDir, `refs/heads/${branch}`);
  if (!tip.ok) return tip;
  if (tip.value === null) return ok({ exists: false });
  const commits = await commitsNotOn(repoDir, tip.value, targetRef);
  if (!commits.ok) return commits;
  return ok({ exists: true, tip: tip.value, unmergedCommits: commits.value });
}

async function isDirectory(where: string): Promise<boolean> {
  try {
    return (await stat(where)).isDirectory();
  } catch {
    return false;
  }
}

/** One line for a report: why this worktree is kept. */
export function describeKept(condition: WorktreeCondition, target: string): string {
  switch (condition.kind) {
    case 'dirty': {
      const { changes } = condition;
      const named = changes.slice(0, 3).join(', ') + (changes.length > 3 ? ', ...' : '');
      return `uncommitted changes in ${changes.length} file${changes.length === 1 ? '' : 's'} (${named})`;
    }
    case 'unmerged':
      return `${condition.commits} commit${condition.commits === 1 ? '' : 's'} not on ${target}`;
    case 'unregistered':
      return 'the folder exists but is not a git worktree of this repository';
    case 'main':
      return "it is the repository's main checkout";
    default:
      return condition.kind;
  }
}
