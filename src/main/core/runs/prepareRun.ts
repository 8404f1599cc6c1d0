import type { Plan } from '../../../shared/plan/plan';
import type { Strategy } from '../../../shared/run/taskStatus';
import { err, ok, type Result } from '../../../shared/result';
import { ProfileRegistry } from '../agents/profileRegistry';
import { runStartChecks, type StartCheckError } from './startChecks';
import { agentSettingsPath, loadAgentSettings } from '../storage/agentSettingsStore';
import { settingsCommands } from '../../../shared/agents/agentSettings';
import { worktreeRoot } from '../git/worktreePaths';
import { acquire, type LockHandle } from '../locks/fileLock';
import type { RunOptions, RunState } from '../storage/runState';
import { RunStore } from '../storage/runStore';
import { createSystemSampler } from '../resources/systemSampler';
import { computeWaves } from '../scheduler/waves';
import { collectDurations } from './collectDurations';
import { findResumableRun, resumeRun, type ResumeReport } from './resumeRun';
import { RunController } from './runController';
import { guardRunStart } from './runStartGuard';
import type { TaskTerminals } from '../terminals/TaskTerminals';

/** The agent for tasks and plans that name none: the most widely used coding agent CLI. */
export const DEFAULT_AGENT = 'claude-code';
/** A run's lock is only a marker that its owner lives; a holder quiet this long has died. */
const RUN_LOCK_STALE_MS = 30_000;

export interface RunRequest {
  repoDir: string;
  plan: Plan;
  /** Where worktrees go when no override is given (the user's data dir). */
  dataDir: string;
  target?: string | null;
  maxParallel: number;
  strategy: Strategy;
  verify?: string | null;
  retries?: number | null;
  agent?: string | null;
  strictFiles?: boolean;
  keepBranches?: boolean;
  worktreeRoot?: string | null;
  resourceGuard?: boolean;
  /** The run's budget: no new task starts once it is spent. */
  budgetUsd?: number | null;
  budgetTokens?: number | null;
  /** Most agents of a profile at once, by profile id (over `profileCaps`). */
  maxPerAgent?: Record<string, number>;
  /** Most agents of a profile at once from the user's agent settings (`maxParallel` in agents.json). */
  profileCaps?: ReadonlyMap<string, number>;
  /** Used to find agent commands; the process's PATH by default. */
  searchPath?: string;
  /** Review before merge (the app only; see RunControllerOptions.review). */
  review?: { all: boolean } | null;
  gitEnv?: Record<string, string>;
  /** Where the agents' output goes for panes to show (the app; see RunControllerOptions.terminals). */
  terminals?: TaskTerminals;
  /** The user's agent settings file (default: agentSettingsPath()). */
  agentSettingsFile?: string;
}

export type PrepareRunError =
  | StartCheckError
  | 'INVALID_PLAN'
  | 'AGENT_UNAVAILABLE'
  | 'WORKTREE_ROOT_INSIDE_REPO'
  | 'WORKTREE_ROOT_IN_TMPDIR'
  | 'RUN_ACTIVE'
  | 'STATE_FAILED'
  | 'SETTINGS_INVALID'
  | 'SETTINGS_UNREADABLE';

export interface PreparedRun {
  controller: RunController;
  state: RunState;
  waves: string[][];
  /** Set when an interrupted run of the same plan was picked up again. */
  resumed: ResumeReport | null;
  /** Releases the run's lock: call once the controller is done. */
  release(): Promise<void>;
}

/**
 * Everything before a run's first worktree: the start checks (repository, target branch, a clean
 * target checkout, a valid plan, every agent available), the worktree folder, and either resuming an
 * interrupted run of the same plan or creating a new one. Any failure is reported before anything is
 * created: no branch, no worktree, no state file.
 */
export async function prepareRun(request: RunRequest): Promise<Result<PreparedRun, PrepareRunError>> {
  const checks = await runStartChecks({ repo: request.repoDir, target: request.target ?? null });
  if (!checks.ok) return checks;
  const { repo, target } = checks.value;
  const plan = request.plan;

  const registry = ProfileRegistry.create(plan.agents ?? []);
  if (!registry.ok) return err('INVALID_PLAN', registry.error.message);
  // Read once per run: every attempt of this run uses the same keys, endpoints and arguments.
  const settings = await loadAgentSettings(request.agentSettingsFile ?? agentSettingsPath());
  if (!settings.ok) return err(settings.error.code, `Agent settings: ${settings.error.message}`, { where: settings.error.where });
  const defaultAgent = request.agent ?? plan.agent ?? DEFAULT_AGENT;
  const used = [...new Set(plan.tasks.filter((task) => task.status !== 'done').map((task) => task.agent ?? defaultAgent))];
  const availability = await registry.value.checkAvailability(request.searchPath ?? process.env.PATH, repo.topLevel, used, settingsCommands(settings.value));
  const missing = availability.filter((entry) => !entry.available);
  if (missing.length > 0) {
    const lines = missing.map((entry) => entry.reason ?? `agent ${entry.id}: ${entry.command} not found`);
    return err('AGENT_UNAVAILABLE', `Agents not available: ${lines.join('; ')}`, { details: lines });
  }
  const preview = computeWaves(plan.tasks);
  if (!preview.ok) return err('INVALID_PLAN', preview.error.message);
  const root = await worktreeRoot(repo.topLevel, request.dataDir, request.worktreeRoot);
  if (!root.ok) return root;

  const opened = await RunStore.open(repo.topLevel);
  if (!opened.ok) return opened;
  const store = opened.value;
  const options = {
    strategy: request.strategy,
    maxParallel: request.maxParallel,
    verify: request.verify ?? plan.verify ?? null,
    strictFiles: request.strictFiles ?? false,
    keepBranches: request.keepBranches ?? false,
    worktreeRoot: root.value,
    resourceGuard: request.resourceGuard ?? true,
    budgetUsd: request.budgetUsd ?? null,
    budgetTokens: request.budgetTokens ?? null,
    ...(request.maxPerAgent && Object.keys(request.maxPerAgent).length > 0 ? { maxPerAgent: request.maxPerAgent } : {}),
  };

  // Held while we look for a live or resumable run and make one ours, so two starts never both go ahead.
  const startLock = await guardRunStart(store, plan);
  if (!startLock.ok) return startLock;
  const started = await startOrResume(store, plan, target, repo.topLevel, options);
  await startLock.value.release();
  if (!started.ok) return started;
  const { state, resumed, lock } = started.value;

  const controller = new RunController({
    store,
    state,
    plan,
    registry: registry.value,
    defaultAgent,
    defaultRetries: request.retries ?? 0,
    review: request.review ?? null,
    repo: { topLevel: repo.topLevel, commonDir: repo.commonDir },
    waves: preview.value.waves,
    durations: await collectDurations(store),
    ...(request.profileCaps ? { profileCaps: request.profileCaps } : {}),
    sampler: createSystemSampler(),
    ...(request.gitEnv ? { gitEnv: request.gitEnv } : {}),
    ...(request.terminals ? { terminals: request.terminals } : {}),
    agentSettings: settings.value,
  });
  const held = lock;
  return ok({
    controller,
    state,
    waves: preview.value.waves,
    resumed,
    release: async () => {
      await held?.release();
      await store.close();
    },
  });
}

/** Resumes the interrupted run of this plan on this target, or creates a new one (under the start lock). */
async function startOrResume(
  store: RunStore,
  plan: Plan,
  target: { branch: string; head: string },
  repoDir: string,
  options: RunOptions,
): Promise<Result<{ state: RunState; resumed: ResumeReport | null; lock: LockHandle | null }, 'RUN_ACTIVE' | 'STATE_FAILED'>> {
  const candidate = await findResumableRun(store, plan, target.branch);
  if (candidate) {
    const lock = await takeRunLock(store, candidate.id);
    if (!lock) return err('RUN_ACTIVE', `Run ${candidate.id} of this plan is being resumed by another process`);
    const outcome = await resumeRun({ store, state: candidate, repoDir, options });
    if (!outcome.ok) {
      await lock.release();
      return outcome;
    }
    return ok({ state: outcome.value.state, resumed: outcome.value.report, lock });
  }
  const created = await store.createRun({ repo: repoDir, target: { branch: target.branch, head: target.head }, options, plan });
  if (!created.ok) return err('STATE_FAILED', created.error.message);
  return ok({ state: created.value, resumed: null, lock: await takeRunLock(store, created.value.id) });
}

async function takeRunLock(store: RunStore, runId: string): Promise<LockHandle | null> {
  const taken = await acquire({ path: `${store.paths.runDir(runId)}/run.lock`, timeoutMs: 0, staleMs: RUN_LOCK_STALE_MS });
  return taken.ok ? taken.value : null;
}
