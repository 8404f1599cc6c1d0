import type { AgentProfile, Plan, PlanTask } from '../../../shared/plan/plan';
import { forgetWorktreeInAgentHomes } from '../storage/agentHomeState';
import type { AgentEvent } from '../agents/agentEvent';
import type { AgentSettings } from '../../../shared/agents/agentSettings';
import { agentLaunch, launchedProcess, type AgentLaunch, type PreviousSession } from '../agents/agentLaunch';
import { AgentSession, type AgentExit } from '../agents/agentSession';
import type { UsageSummary } from '../agents/usageTotals';
import { changedFiles, outOfBounds } from '../git/changedFiles';
import { commitTask } from '../git/commitTask';
import { runGit } from '../git/git';
import { copyIgnoredFiles } from '../git/copyIgnoredFiles';
import { runSetup } from './runSetup';
import { copyIntoWorktree } from '../storage/worktreeFiles';
import { createTaskWorktree, deleteTaskBranch, removeTaskWorktree, type TaskWorktree } from '../git/worktrees';

/** Everything one attempt needs from its run. */
export interface AttemptContext {
  runId: string;
  /** The main checkout's top level. */
  repo: string;
  targetBranch: string;
  worktreeRoot: string;
  plan: Plan;
  strictFiles: boolean;
  /** Where the attempt's prompt file and log go (the run's state folder). */
  promptFile(task: string, attempt: number, prompt: string): Promise<string>;
  logFile(task: string, attempt: number): string;
  gitEnv?: Record<string, string>;
  /** The user's agent settings, loaded once at the run's start. */
  agentSettings?: AgentSettings;
  /** True when the profile id is the built-in one (not replaced by the plan): its adapter applies. */
  isBuiltin?(profileId: string): boolean;
}

export type AttemptResult =
  | ({ kind: 'committed'; exitCode: 0; head: string; changedFiles: string[]; outOfBounds: string[] } & AgentFacts)
  | ({ kind: 'empty'; exitCode: 0 } & AgentFacts)
  | (AgentFacts & {
      kind: 'failed' | 'cancelled';
      exitCode: number | null;
      reason: string;
      /** Files the attempt changed (for a strict-files failure), else empty. */
      changedFiles: string[];
      outOfBounds: string[];
    });

/** What the agent's CLI reported, for an adapter profile. */
export interface AgentFacts {
  usage?: UsageSummary;
  /** The CLI's session id. */
  sessionId?: string;
}

export interface AttemptHooks {
  /** The worktree exists: record it before anything else can go wrong (crash recovery finds it). */
  onWorktree(worktree: TaskWorktree): Promise<void>;
  /** The agent runs: terminals attach to this session until it exits. `launch` says how it was started. */
  onSession(session: AgentSession, launch: AgentLaunch): void;
  /** Cancellation was asked for before the session existed. */
  isCancelled(): boolean;
  /**
   * The agent exited 0 and its work is about to be committed: its slot can go to the next task now
   * (committing takes a moment, and holds no agent).
   */
  onAgentSucceeded?(): void;
  /** Every normalized event of the attempt's agent (from its adapter's stream), as it happens: budgets, rate limits. */
  onAgentEvent?(event: AgentEvent): void;
  /**
   * Why Wavelane stopped the agent itself (over its budget), or null: a cancelled session with a stop
   * reason is a failed attempt with that reason, not a cancellation by the user.
   */
  stopReason?(): string | null;
  /** Keep the worktree even when untouched (a rate-limited attempt whose session is resumed in it). */
  keepWorktree?(): boolean;
}

/** Continue in an earlier attempt's worktree (its session is resumed there, where its files are). */
export interface AttemptResume {
  worktree: TaskWorktree;
  /** The CLI session to resume (the adapter's `HeadlessStart.resumeSessionId`), when known. */
  sessionId: string | null;
}

/**
 * One attempt of a task, from a fresh worktree to a commit: worktree from the target's head now, the
 * plan's copyFiles and setup, the agent in a pty, then every change committed with our trailers and
 * checked against the task's `files`. A failed or cancelled attempt's worktree is removed only when it
 * holds nothing (no change, no commit); otherwise it is kept and the reason says where.
 */
export async function runAttempt(
  context: AttemptContext,
  task: PlanTask,
  profile: AgentProfile,
  attempt: number,
  hooks: AttemptHooks,
  resume?: AttemptResume,
  /** The task's last CLI session (an earlier attempt's): a retry continues it where the CLI can. */
  previous?: PreviousSession | null,
): Promise<AttemptResult> {
  let worktree: TaskWorktree;
  if (resume) {
    // Same folder and branch, this attempt's number (its own record and log).
    worktree = { ...resume.worktree, attempt };
  } else {
    const created = await createTaskWorktree({
      repo: context.repo,
      root: context.worktreeRoot,
      taskId: task.id,
      target: context.targetBranch,
      attempt,
    });
    if (!created.ok) return failure(null, created.error.message);
    worktree = created.value;
  }
  await hooks.onWorktree(worktree);

  let facts: AgentFacts = {};
  const fail = async (exitCode: number | null, reason: string, kind: 'failed' | 'cancelled' = 'failed', files: string[] = [], outside: string[] = []) => {
    const kept = hooks.keepWorktree?.() || (await discardIfUntouched(context.repo, task.id, worktree));
    return { kind, exitCode, reason: kept ? `${reason}; its work is kept in ${worktree.path} (branch ${worktree.branch})` : reason, changedFiles: files, outOfBounds: outside, ...facts } as const;
  };

  const copied = resume ? null : await copyIgnoredFiles({ from: context.repo, to: worktree.path, entries: context.plan.copyFiles ?? [], copy: copyIntoWorktree });
  if (copied && !copied.ok) return fail(null, copied.error.message);
  if (context.plan.setup && !resume) {
    const setup = await runSetup({ worktree: worktree.path, command: context.plan.setup });
    if (!setup.ok) return fail(null, setup.error.message);
  }
  if (hooks.isCancelled()) return fail(null, 'cancelled before the agent started', 'cancelled');

  const promptFile = await context.promptFile(task.id, worktree.attempt, task.prompt);
  // A rate-limited attempt resumes its own CLI session in its own worktree; otherwise the task's last
  // session (a retry) is continued where the CLI allows it.
  const continued: PreviousSession | null = resume?.sessionId
    ? { profile: profile.id, sessionId: resume.sessionId, cwd: worktree.path }
    : (previous ?? null);
  const launch = await agentLaunch({
    profile,
    builtin: context.isBuiltin?.(profile.id) ?? false,
    ...(context.agentSettings ? { settings: context.agentSettings } : {}),
    prompt: task.prompt,
    promptFile,
    taskId: task.id,
    title: task.title,
    cwd: worktree.path,
    previous: continued,
    // Claude Code enforces it itself with --max-budget-usd; the run's budgets watch every CLI's events.
    ...(task.budgetUsd !== undefined ? { budgetUsd: task.budgetUsd } : {}),
  });
  if (!launch.ok) return fail(null, launch.error.message);
  const started = await AgentSession.start({
    ...launchedProcess(launch.value),
    cwd: worktree.path,
    taskId: task.id,
    runId: context.runId,
    promptFile,
    logPath: context.logFile(task.id, worktree.attempt),
    ...(task.timeoutSec ? { timeoutSec: task.timeoutSec } : {}),
  });
  if (!started.ok) return fail(null, started.error.message);
  hooks.onSession(started.value, launch.value);
  if (hooks.onAgentEvent) started.value.onDidAgentEvent((event) => hooks.onAgentEvent?.(event));
  const exit: AgentExit = await started.value.exited;
  const stopped = hooks.stopReason?.() ?? null;
  const sessionId = exit.cliSessionId ?? launch.value.sessionId;
  facts = { ...(exit.usage ? { usage: exit.usage } : {}), ...(sessionId ? { sessionId } : {}) };
  // Stopped by us, or by the CLI itself at the same limit (Claude's --max-budget-usd ends it with an error).
  if (stopped && (exit.cancelled || exit.exitCode !== 0)) return fail(exit.exitCode, stopped);
  if (exit.cancelled) return fail(exit.exitCode, 'cancelled', 'cancelled');
  if (exit.timedOut) return fail(exit.exitCode, `timed out after ${task.timeoutSec} s`);
  if (exit.exitCode !== 0) return fail(exit.exitCode, `the agent exited with code ${exit.exitCode}`);
  hooks.onAgentSucceeded?.();

  const committed = await commitTask({
    worktree: worktree.path,
    branch: worktree.branch,
    base: worktree.base,
    title: task.title,
    stamp: { taskId: task.id, runId: context.runId },
    ...(context.gitEnv ? { gitEnv: context.gitEnv } : {}),
  });
  if (!committed.ok) return fail(0, committed.error.message);
  if (committed.value.status === 'empty') {
    await discardIfUntouched(context.repo, task.id, worktree);
    return { kind: 'empty', exitCode: 0, ...facts };
  }
  const listed = await changedFiles(context.repo, worktree.base, committed.value.head);
  if (!listed.ok) return fail(0, `could not list the changed files: ${listed.error.message}`);
  const files = listed.value;
  const outside = outOfBounds(files, task.files);
  if (context.strictFiles && outside.length > 0) {
    return fail(0, `changed files outside its files globs (--strict-files): ${outside.join(', ')}`, 'failed', files, outside);
  }
  return { kind: 'committed', exitCode: 0, head: committed.value.head, changedFiles: files, outOfBounds: outside, ...facts };
}

function failure(exitCode: number | null, reason: string): AttemptResult {
  return { kind: 'failed', exitCode, reason, changedFiles: [], outOfBounds: [] };
}

/**
 * Removes an attempt's worktree and branch when they hold nothing (no change, no commit beyond the base).
 * Returns true when something was kept, so the caller can say where the work is.
 */
export async function discardIfUntouched(repo: string, taskId: string, worktree: TaskWorktree): Promise<boolean> {
  const status = await runGit(['status', '--porcelain', '--untracked-files=all'], { cwd: worktree.path });
  const head = await runGit(['rev-parse', 'HEAD'], { cwd: worktree.path });
  const untouched = status.code === 0 && status.stdout.trim() === '' && head.code === 0 && head.stdout.trim() === worktree.base;
  if (!untouched) return true;
  const removed = await removeTaskWorktree({ repo, path: worktree.path, reason: { kind: 'discarded' } });
  if (!removed.ok) return true;
  // What the agent CLIs keep in the user's home about this folder goes with it.
  await forgetWorktreeInAgentHomes(worktree.path);
  const deleted = await deleteTaskBranch({
    repo,
    branch: worktree.branch,
    taskId,
    owned: new Set([worktree.branch]),
    expectedHead: worktree.base,
    reason: { kind: 'discarded' },
  });
  return !deleted.ok;
}
