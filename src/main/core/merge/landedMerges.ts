import { runGit } from '../git/git';
import { RUN_TRAILER, TASK_TRAILER } from '../git/trailers';

/**
 * The tasks of run `runId` whose merge commits are on the target's first-parent history, by task id.
 * After a crash between the target's advance and the run's state file, this is how a restarted run
 * knows a task already landed (so it is merged exactly once).
 */
export async function findLandedMerges(cwd: string, targetRef: string, runId: string): Promise<Map<string, string>> {
  const result = await runGit(
    [
      'log',
      '--first-parent',
      '--merges',
      '--fixed-strings',
      `--grep=${RUN_TRAILER}: ${runId}`,
      `--format=%H%x00%(trailers:key=${TASK_TRAILER},valueonly,unfold)%x00%(trailers:key=${RUN_TRAILER},valueonly,unfold)%x00`,
      '--end-of-options',
      targetRef,
    ],
    { cwd },
  );
  const landed = new Map<string, string>();
  if (result.code !== 0) return landed;
  const fields = result.stdout.split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const commit = fields[i]!.trim();
    const task = fields[i + 1]!.trim().split('\n')[0]?.trim();
    const run = fields[i + 2]!.trim().split('\n')[0]?.trim();
    // --grep matches anywhere in the message; only the trailer itself counts.
    if (task && run === runId && !landed.has(task)) landed.set(task, commit);
  }
  return landed;
}
