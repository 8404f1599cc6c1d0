import type { Plan } from '../../../../shared/plan/plan';
import type { RunReport } from '../../../../shared/run/taskStatus';
import { prepareRun } from '../prepareRun';

/** Far longer than a run of a few trivial tasks takes; a run past it is stuck or spinning. */
export const RUN_DEADLINE_MS = 60_000;

/**
 * Runs `plan` in this process (prepareRun + the controller, as the CLI does) and resolves with its
 * report, or with 'stuck' when the run has not ended by RUN_DEADLINE_MS (it is then cancelled).
 */
export async function runPlanInProcess(input: {
  repoDir: string;
  plan: Plan;
  worktreeRoot: string;
  retries?: number;
}): Promise<RunReport | 'stuck'> {
  const prepared = await prepareRun({
    repoDir: input.repoDir,
    plan: input.plan,
    dataDir: input.worktreeRoot,
    worktreeRoot: input.worktreeRoot,
    maxParallel: 1,
    strategy: 'eager',
    retries: input.retries ?? 0,
    resourceGuard: false,
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  const { controller } = prepared.value;
  await controller.start();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), RUN_DEADLINE_MS)));
  const report = await Promise.race([controller.done, deadline]);
  clearTimeout(timer);
  if (report === 'stuck') {
    controller.cancel();
    await controller.done;
  }
  await prepared.value.release();
  return report;
}
