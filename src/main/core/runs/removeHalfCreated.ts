import { runGit } from '../git/git';
import { removeAbandonedWorktreeFolder } from '../storage/worktreeFiles';

/**
 * Removes a worktree whose `git worktree add` was killed half-way (see isHalfCreated): git keeps it locked
 * as `initializing`, so a plain remove refuses and `prune` skips it. `remove -f -f` overrides the lock;
 * when git cannot even validate the folder (killed before its `.git` file was written), the lock is lifted,
 * the folder (a partial checkout of the base, no work) deleted and the entry pruned. Returns what failed, or null.
 */
export async function removeHalfCreatedWorktree(repoDir: string, worktree: string): Promise<string | null> {
  const removed = await runGit(['worktree', 'remove', '--force', '--force', worktree], { cwd: repoDir });
  if (removed.code === 0) return null;
  await runGit(['worktree', 'unlock', worktree], { cwd: repoDir });
  await removeAbandonedWorktreeFolder(worktree);
  const pruned = await runGit(['worktree', 'prune'], { cwd: repoDir });
  return pruned.code === 0 ? null : `${removed.stderr.trim()}; then ${pruned.stderr.trim()}`;
}
