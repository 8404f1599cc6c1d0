import { isSuccess, type TaskStatus } from '../../shared/run/taskStatus';
import { formatUsage } from '../../shared/run/usage';
import { loadPlanFile } from '../core/plan/loadPlan';
import { defaultDataDir } from '../core/storage/dataDir';
import { agentSettingsPath, loadAgentSettings } from '../core/storage/agentSettingsStore';
import { prepareRun } from '../core/runs/prepareRun';
import type { RunController } from '../core/runs/runController';
import { BUILTIN_AGENT_IDS, formatPlanErrors } from './planCommand';
import { ProgressPrinter, type ProgressCounts } from './progressPrinter';
import { parseRunOptions } from './runOptions';

/** Exit codes of `wavelane run` (the CLI contract). */
export const EXIT_OK = 0;
export const EXIT_TASK_FAILED = 1;
export const EXIT_INVALID = 2;
export const EXIT_CANCELLED = 130;
/** How often the live status line is redrawn on a terminal. */
const STATUS_REFRESH_MS = 500;

function counts(controller: RunController): ProgressCounts {
  const snapshot = controller.snapshot();
  const byStatus: Partial<Record<TaskStatus, number>> = {};
  for (const task of snapshot.tasks) byStatus[task.status] = (byStatus[task.status] ?? 0) + 1;
  return { total: snapshot.tasks.length, byStatus, holdReason: snapshot.holdReason };
}

/**
 * `wavelane run`: start checks (exit 2 and nothing created on failure), then the run with a line per
 * transition on stderr, and the JSON report on stdout with --json. SIGINT/SIGTERM cancel it (exit 130):
 * agents are killed, nothing is half-merged, and running the same command again resumes.
 */
export async function runCommand(args: string[]): Promise<number> {
  const options = parseRunOptions(args);
  const progress = new ProgressPrinter(process.stderr);
  const loaded = await loadPlanFile(options.plan, { knownAgents: BUILTIN_AGENT_IDS });
  if (!loaded.ok) {
    process.stderr.write(formatPlanErrors(loaded.error.message, loaded.error.details));
    return EXIT_INVALID;
  }
  for (const note of loaded.value.notes) progress.line(`note: ${note}`);
  const reviewed = loaded.value.plan.tasks.filter((task) => task.review).map((task) => task.id);
  if (reviewed.length) {
    progress.line(`note: review before merge is done in the app; wavelane run merges ${reviewed.join(', ')} when they are done`);
  }
  const settings = await loadAgentSettings(agentSettingsPath());
  if (!settings.ok) {
    process.stderr.write(`wavelane: ${settings.error.message}\n`);
    return EXIT_INVALID;
  }
  const profileCaps = new Map<string, number>();
  for (const [id, profile] of Object.entries(settings.value.profiles)) if (profile.maxParallel) profileCaps.set(id, profile.maxParallel);
  const prepared = await prepareRun({
    repoDir: options.repo,
    plan: loaded.value.plan,
    dataDir: defaultDataDir(),
    target: options.target,
    maxParallel: options.maxParallel,
    strategy: options.strategy,
    verify: options.verify,
    retries: options.retries,
    agent: options.agent,
    strictFiles: options.strictFiles,
    keepBranches: options.keepBranches,
    worktreeRoot: options.worktreeRoot,
    resourceGuard: options.resourceGuard,
    budgetUsd: options.budgetUsd,
    budgetTokens: options.budgetTokens,
    maxPerAgent: options.maxPerAgent,
    profileCaps,
  });
  if (!prepared.ok) {
    process.stderr.write(formatPlanErrors(`wavelane: ${prepared.error.message}`, prepared.error.details));
    return EXIT_INVALID;
  }
  const { controller, resumed } = prepared.value;
  const started = Date.now();
  if (resumed) {
    progress.line(`resuming run ${resumed.runId} (${resumed.ownerReason})`);
    for (const kept of resumed.kept) progress.line(`kept: ${kept.task} attempt ${kept.attempt}: ${kept.reason}`);
  } else {
    progress.line(`run ${controller.runId}: ${loaded.value.plan.tasks.length} tasks, max ${options.maxParallel} at once`);
  }
  controller.onDidTransition((transition) => progress.transition(transition, counts(controller), Date.now() - started));
  const refresh = setInterval(() => progress.status(counts(controller), Date.now() - started), STATUS_REFRESH_MS);
  let cancelled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!cancelled) progress.line(`${signal}: cancelling the run (agents are stopped; run the same command again to resume)`);
    cancelled = true;
    controller.cancel();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await controller.start();
    const report = await controller.done;
    progress.clearStatus();
    if (options.json) process.stdout.write(JSON.stringify(report) + '\n');
    const failed = report.tasks.filter((task) => !isSuccess(task.status));
    if (!options.json) {
      const merged = report.tasks.filter((task) => task.status === 'merged').length;
      progress.line(`${merged}/${report.tasks.length} merged into ${report.target.branch} (${report.target.head.slice(0, 12)}) in ${(report.makespanMs / 1000).toFixed(1)} s`);
      for (const task of failed) progress.line(`  ${task.id} ${task.status}: ${task.reason ?? ''}`);
      if (report.usage) progress.line(`agents used ${formatUsage(report.usage)}`);
    }
    if (cancelled) return EXIT_CANCELLED;
    return failed.length ? EXIT_TASK_FAILED : EXIT_OK;
  } finally {
    clearInterval(refresh);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await prepared.value.release();
  }
}
