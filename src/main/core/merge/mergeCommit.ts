import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { commitIdentityEnv } from '../git/identity';
import { commitMessage, oneLine, type TaskStamp } from '../git/trailers';

export type MergeCommitError = 'MERGE_COMMIT_FAILED';

/** `Merge task <id>: <title>`: the subject every task's merge commit carries on the target. */
export function mergeSubject(taskId: string, title: string): string {
  return `Merge task ${taskId}: ${oneLine(title)}`;
}

/**
 * Builds the two-parent merge commit of a task (`git commit-tree`, message on stdin): first parent the
 * target's head, second the task's head, the tree from the conflict check. Nothing moves; the target
 * advances later, by compare-and-swap.
 */
export async function createMergeCommit(input: {
  cwd: string;
  tree: string;
  targetHead: string;
  taskHead: string;
  title: string;
  stamp: TaskStamp;
  gitEnv?: Record<string, string>;
  /** The result of commitIdentityEnv, when the caller already has it (a queue making many commits). */
  identityEnv?: Record<string, string>;
}): Promise<Result<string, MergeCommitError>> {
  const env = input.identityEnv ?? (await commitIdentityEnv(input.cwd, input.gitEnv));
  const made = await runGit(['commit-tree', input.tree, '-p', input.targetHead, '-p', input.taskHead, '-F', '-'], {
    cwd: input.cwd,
    env,
    input: commitMessage(mergeSubject(input.stamp.taskId, input.title), input.stamp),
  });
  if (made.code !== 0) {
    return err('MERGE_COMMIT_FAILED', `Could not create the merge commit of task ${input.stamp.taskId}: ${made.stderr.trim()}`, {
      where: input.cwd,
    });
  }
  return ok(made.stdout.trim());
}
