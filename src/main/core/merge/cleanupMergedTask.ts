import { forgetWorktreeInAgentHomes } from '../storage/agentHomeState';
import { deleteTaskBranch, removeTaskWorktree } from '../git/worktrees';
import type { MergeRequest } from './mergeOutcome';

/**
 * After a task landed: removes its worktree and deletes its branch (unless `keepBranch`). Returns what
 * could not be done and why; the merge itself stands either way.
 */
export async function cleanupMergedTask(input: {
  repo: string;
  request: MergeRequest;
  taskHead: string;
  mergeCommit: string;
  /** Whether a verify ran in the worktree. */
  verified: boolean;
}): Promise<string[]> {
  const { repo, request, mergeCommit } = input;
  const problems: string[] = [];
  try {
    if (request.worktree) {
      // After a verify, the task's work was committed (verify refused otherwise) and merged: what is
      // left uncommitted in the worktree is the verify run's own output, so it goes with it.
      const removed = await removeTaskWorktree({
        repo,
        path: request.worktree,
        reason: input.verified ? { kind: 'discarded' } : { kind: 'merged', into: mergeCommit },
      });
      if (!removed.ok) {
        problems.push(removed.error.message);
        return problems;
      }
      // What the agent CLIs keep in the user's home about this folder goes with it.
      await forgetWorktreeInAgentHomes(request.worktree);
    }
    if (!request.keepBranch) {
      const deleted = await deleteTaskBranch({
        repo,
        branch: request.branch,
        taskId: request.taskId,
        owned: new Set([request.branch]),
        expectedHead: input.taskHead,
        reason: { kind: 'merged', into: mergeCommit },
      });
      if (!deleted.ok) problems.push(deleted.error.message);
    }
  } catch (error) {
    problems.push(`Cleaning up after ${request.taskId} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}
