import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { planClean, type CleanAction, type KeptItem } from './cleanPlan';
import { RunStore } from '../storage/runStore';
import { removeHalfCreatedWorktree } from './removeHalfCreated';
import { removeAbandonedWorktreeLock } from '../storage/worktreeFiles';

export interface CleanReport {
  done: CleanAction[];
  failed: Array<{ action: CleanAction; message: string }>;
  kept: KeptItem[];
}

/**
 * `wavelane clean`: removes what finished runs left (worktrees, `wavelane/*` branches, old run folders).
 * Anything holding work the target does not have is kept unless `force`, and every keep says why.
 */
export async function cleanRuns(repoDir: string, force: boolean): Promise<Result<CleanReport, 'NOT_A_REPO' | 'CLEAN_FAILED'>> {
  const opened = await RunStore.open(repoDir);
  if (!opened.ok) return opened;
  const store = opened.value;
  try {
    const listing = await store.listRuns();
    if (!listing.ok) return err('CLEAN_FAILED', listing.error.message);
    const current = await store.currentRun();
    const planned = await planClean({
      repoDir,
      paths: store.paths,
      listing: listing.value,
      currentRunId: current.ok ? (current.value?.id ?? null) : null,
      force,
    });
    if (!planned.ok) return err('CLEAN_FAILED', planned.error.message);
    const report: CleanReport = { done: [], failed: [], kept: planned.value.kept };
    for (const action of planned.value.actions) {
      const problem = await execute(store, repoDir, action);
      if (problem) report.failed.push({ action, message: problem });
      else report.done.push(action);
    }
    return ok(report);
  } finally {
    await store.close();
  }
}

async function execute(store: RunStore, repoDir: string, action: CleanAction): Promise<string | null> {
  switch (action.kind) {
    case 'removeWorktree': {
      if (action.halfCreated) return removeHalfCreatedWorktree(repoDir, action.path);
      const result = await runGit(['worktree', 'remove', ...(action.force ? ['--force'] : []), action.path], { cwd: repoDir });
      return result.code === 0 ? null : result.stderr.trim();
    }
    case 'pruneWorktrees': {
      for (const entry of action.unlock ?? []) await removeAbandonedWorktreeLock(entry);
      const result = await runGit(['worktree', 'prune'], { cwd: repoDir });
      return result.code === 0 ? null : result.stderr.trim();
    }
    case 'deleteBranch': {
      const result = await runGit(['update-ref', '-d', `refs/heads/${action.branch}`, action.tip], { cwd: repoDir });
      return result.code === 0 ? null : result.stderr.trim();
    }
    case 'removeRunDir': {
      const removed = await store.removeRun(action.run);
      return removed.ok ? null : removed.error.message;
    }
  }
}
