import { existsSync } from 'node:fs';
import { err, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import type { ResolutionStore } from '../storage/resolutionStore';
import { isMerging, restoreWorktree } from './worktreeMerge';

export type AbortResolutionError = 'GIT_FAILED' | 'STORE_FAILED';

/**
 * Abort: leaves everything as it was before the dialog opened. A merge still in progress in the task's
 * worktree (an agent's, or a step cut off by a crash) is undone, files an agent created are removed,
 * and the stored resolutions are dropped. The task branch and the target are never moved by this (the
 * resolution is committed only by Complete merge). Kill a running agent first (cancelAgentResolution).
 * If the worktree cannot be restored, the stored resolutions are kept and the error says why.
 */
export async function abortResolution(input: {
  worktree: string;
  branch: string;
  store: ResolutionStore;
}): Promise<Result<null, AbortResolutionError>> {
  const { worktree, branch, store } = input;
  const run = store.agentRun;
  if (existsSync(worktree) && (run || (await isMerging(worktree)))) {
    // Without an agent run on record, the merge was started by a Complete merge that did not finish:
    // it never moves HEAD before its last step, so HEAD is where the worktree must return to.
    const head = run?.head ?? (await runGit(['rev-parse', '--verify', 'HEAD'], { cwd: worktree })).stdout.trim();
    if (!head) return err('GIT_FAILED', `The worktree ${worktree} has no commit checked out`, { where: worktree });
    const restored = await restoreWorktree(worktree, branch, head, run?.before);
    if (!restored.ok) return restored;
  }
  return store.clear();
}

