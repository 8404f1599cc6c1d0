import { forgetWorktreeInAgentHomes } from '../storage/agentHomeState';
import { deleteTaskBranch, removeTaskWorktree } from '../git/worktrees';

/**
 * Removes a task's worktree and branch whatever they hold: the user chose to discard the work in Review
 * (the dialog named what would be lost first). Returns what could not be removed, or null.
 */
export async function discardTask(repo: string, taskId: string, branch: string, worktreePath: string): Promise<string | null> {
  const removed = await removeTaskWorktree({ repo, path: worktreePath, reason: { kind: 'discarded' } });
  if (!removed.ok) return removed.error.message;
  // What the agent CLIs keep in the user's home about this folder goes with it.
  await forgetWorktreeInAgentHomes(worktreePath);
  const deleted = await deleteTaskBranch({ repo, branch, taskId, owned: new Set([branch]), reason: { kind: 'discarded' } });
  return deleted.ok ? null : deleted.error.message;
}
