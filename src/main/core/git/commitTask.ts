import { err, ok, type Result } from '../../../shared/result';
import { git, runGit } from './git';
import { commitIdentityEnv } from './identity';
import { branchRef } from './repoInfo';
import { commitMessage, type TaskStamp } from './trailers';

export interface CommitTaskInput {
  worktree: string;
  /** The task branch checked out in the worktree (short name). */
  branch: string;
  /** The target's head the worktree was created from. */
  base: string;
  /** The commit subject. */
  title: string;
  stamp: TaskStamp;
  /** Extra environment for git (tests isolate the user's config with it). */
  gitEnv?: Record<string, string>;
}

export type CommitTaskOutcome =
  | {
      status: 'committed';
      /** The branch tip after committing: our commit, or the agent's last one when nothing was left over. */
      head: string;
      /** Our commit of the left-over changes, or null when the agent had committed everything itself. */
      commit: string | null;
      /** Commits the agent made itself (kept as they are, below ours). */
      agentCommits: number;
    }
  | { status: 'empty'; head: string };

export type CommitTaskError = 'NOT_ON_TASK_BRANCH' | 'COMMIT_FAILED';

/**
 * After an agent exits 0: stages every change in its worktree (untracked files included, .gitignore
 * respected) and commits it on the task branch with the task title and our trailers. Commits the agent
 * made itself stay as they are. No commit and no change at all: `empty`.
 *
 * Plumbing (write-tree, commit-tree, update-ref) rather than `git commit`: the repository's commit
 * hooks are for people at a terminal and must not decide whether an agent's finished work is kept.
 */
export async function commitTask(input: CommitTaskInput): Promise<Result<CommitTaskOutcome, CommitTaskError>> {
  const { worktree } = input;
  const ref = branchRef(input.branch);
  const onBranch = await runGit(['symbolic-ref', '--quiet', 'HEAD'], { cwd: worktree });
  if (onBranch.code !== 0 || onBranch.stdout.trim() !== ref) {
    const where = onBranch.code === 0 ? `branch ${onBranch.stdout.trim()}` : 'a detached HEAD';
    return err(
      'NOT_ON_TASK_BRANCH',
      `The worktree ${worktree} is on ${where}, not on ${input.branch}; its work is left there untouched`,
      { where: worktree },
    );
  }
  const headRead = await git(['rev-parse', 'HEAD'], { cwd: worktree });
  if (!headRead.ok) return err('COMMIT_FAILED', `Could not read the head of ${worktree}: ${headRead.error.message}`, { where: worktree });
  const head = headRead.value;
  const staged = await runGit(['add', '--all', '--', '.'], { cwd: worktree });
  if (staged.code !== 0) {
    return err('COMMIT_FAILED', `Could not stage the changes in ${worktree}: ${staged.stderr.trim()}`, { where: worktree });
  }
  const [treeRead, headTreeRead, countRead] = [
    await git(['write-tree'], { cwd: worktree }),
    await git(['rev-parse', `${head}^{tree}`], { cwd: worktree }),
    await git(['rev-list', '--count', `${input.base}..${head}`], { cwd: worktree }),
  ];
  for (const read of [treeRead, headTreeRead, countRead]) {
    if (!read.ok) return err('COMMIT_FAILED', `Could not commit the changes in ${worktree}: ${read.error.message}`, { where: worktree });
  }
  const tree = treeRead.ok ? treeRead.value : '';
  const headTree = headTreeRead.ok ? headTreeRead.value : '';
  const agentCommits = countRead.ok ? Number(countRead.value) : 0;
  if (tree === headTree) {
    if (agentCommits === 0) return ok({ status: 'empty', head });
    return ok({ status: 'committed', head, commit: null, agentCommits });
  }
  const env = await commitIdentityEnv(worktree, input.gitEnv);
  const made = await runGit(['commit-tree', tree, '-p', head, '-F', '-'], {
    cwd: worktree,
    env,
    input: commitMessage(input.title, input.stamp),
  });
  if (made.code !== 0) {
    return err('COMMIT_FAILED', `Could not commit the changes in ${worktree}: ${made.stderr.trim()}`, { where: worktree });
  }
  const commit = made.stdout.trim();
  // Compare-and-swap on the branch: if anything moved it since we looked, nothing is overwritten.
  const moved = await runGit(['update-ref', '-m', `wavelane: commit task ${input.stamp.taskId}`, ref, commit, head], {
    cwd: worktree,
  });
  if (moved.code !== 0) {
    return err('COMMIT_FAILED', `Could not move ${input.branch} to the new commit: ${moved.stderr.trim()}`, {
      where: worktree,
    });
  }
  return ok({ status: 'committed', head: commit, commit, agentCommits });
}
