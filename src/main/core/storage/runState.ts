import { z } from 'zod';
import { ID_PATTERN } from '../../../shared/plan/planId';
import { err, ok, type Result } from '../../../shared/result';
import { TASK_STATUSES, type Strategy } from '../../../shared/run/taskStatus';
import { RUN_ID_PATTERN } from './runId';
import { describeIssues, summarizeIssues } from './zodIssues';

/**
 * A run's state as `state.json` holds it: what ran, with which options, and where every task stands. It is
 * rewritten atomically on each transition, validated on every read (a corrupt or foreign file is an error
 * naming the file, never silently reset), and carries its owner so a restart can tell a crashed run from a
 * live one. The plan as run is kept beside it in `plan.json`, written once (see runStore.ts).
 */
export const RUN_STATE_VERSION = 1;

/** `interrupted` is written when a run is given up without finishing (its owner died and it was not resumed). */
export type RunLifecycle = 'running' | 'finished' | 'cancelled' | 'interrupted';

const STRATEGIES = ['eager', 'waves'] as const satisfies readonly Strategy[];

const timestamp = z.iso.datetime({ message: 'not an ISO 8601 UTC time' });
const commit = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'not a full commit id');
const absolutePath = z
  .string()
  .refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value), 'not an absolute path');

const tokenCount = z.number().int().min(0);
const usageSummarySchema = z.strictObject({
  usage: z.strictObject({
    input: tokenCount,
    output: tokenCount,
    cacheRead: tokenCount.optional(),
    cacheWrite: tokenCount.optional(),
    reasoning: tokenCount.optional(),
  }),
  costUsd: z.number().min(0).nullable(),
});

const attemptSchema = z.strictObject({
  n: z.number().int().min(1),
  branch: z.string().min(1),
  worktree: absolutePath,
  startedAt: timestamp,
  endedAt: timestamp.nullable(),
  exitCode: z.number().int().nullable(),
  log: z.string().nullable(),
  /** The task branch's head after the attempt (its own commits and ours), once known. */
  commit: commit.nullable(),
  /** The agent profile that ran it (absent in state files written before it was recorded). */
  profile: z.string().min(1).optional(),
  /** The CLI's own session id (adapter profiles): a follow-up continues this conversation. */
  sessionId: z.string().min(1).max(200).optional(),
  /** Tokens and cost the CLI reported (adapter profiles); costUsd null when it gave no price. */
  usage: usageSummarySchema.optional(),
});

const taskRecordSchema = z.strictObject({
  id: z.string().regex(ID_PATTERN, 'not a valid task id'),
  status: z.enum(TASK_STATUSES),
  attempts: z.array(attemptSchema),
  mergeCommit: commit.nullable(),
  changedFiles: z.array(z.string()),
  outOfBounds: z.array(z.string()),
  conflicts: z.array(z.string()),
  reason: z.string().nullable(),
  durationMs: z.number().min(0).nullable(),
});

const optionsSchema = z.strictObject({
  strategy: z.enum(STRATEGIES),
  maxParallel: z.number().int().min(1),
  verify: z.string().nullable(),
  strictFiles: z.boolean(),
  keepBranches: z.boolean(),
  worktreeRoot: absolutePath,
  resourceGuard: z.boolean(),
  /** The run's budget (absent in runs started before budgets existed). */
  budgetUsd: z.number().positive().nullable().optional(),
  budgetTokens: z.number().int().positive().nullable().optional(),
  /** Most agents of a profile at once, by profile id (`--max-per-agent`, over the user's settings). */
  maxPerAgent: z.record(z.string(), z.number().int().min(1)).optional(),
});

const ownerSchema = z.strictObject({
  pid: z.number().int().positive(),
  hostname: z.string().min(1),
  startedAt: timestamp,
  /** Refreshed while the owner lives; the only sign of life another host can check. */
  heartbeatAt: timestamp,
});

export const runStateSchema = z.strictObject({
  version: z.literal(RUN_STATE_VERSION),
  id: z.string().regex(RUN_ID_PATTERN, 'not a run id'),
  /** The main checkout's top-level folder. */
  repo: absolutePath,
  target: z.strictObject({ branch: z.string().min(1), head: commit }),
  options: optionsSchema,
  state: z.enum(['running', 'finished', 'cancelled', 'interrupted']),
  startedAt: timestamp,
  endedAt: timestamp.nullable(),
  owner: ownerSchema,
  /** In plan order. */
  tasks: z.array(taskRecordSchema),
});

export type AttemptRecord = z.infer<typeof attemptSchema>;
export type TaskRecord = z.infer<typeof taskRecordSchema>;
export type RunOptions = z.infer<typeof optionsSchema>;
export type RunOwner = z.infer<typeof ownerSchema>;
export type RunState = z.infer<typeof runStateSchema>;

export type RunStateError = 'STATE_CORRUPT' | 'STATE_VERSION';

/** Validates a parsed state file; `file` names it in the error. */
export function parseRunState(value: unknown, file: string): Result<RunState, RunStateError> {
  if (typeof value === 'object' && value !== null && 'version' in value && value.version !== RUN_STATE_VERSION) {
    return err(
      'STATE_VERSION',
      `${file} has state version ${JSON.stringify(value.version)}; this Wavelane reads version ${RUN_STATE_VERSION}`,
      { where: file },
    );
  }
  const parsed = runStateSchema.safeParse(value);
  if (!parsed.success) {
    return err('STATE_CORRUPT', `${file} is not a valid Wavelane run state: ${summarizeIssues(parsed.error.issues)}`, {
      where: file,
      details: describeIssues(parsed.error.issues),
    });
  }
  const duplicate = firstDuplicate(parsed.data.tasks.map((task) => task.id));
  if (duplicate) {
    return err('STATE_CORRUPT', `${file} is not a valid Wavelane run state: task "${duplicate}" appears twice`, {
      where: file,
    });
  }
  return ok(parsed.data);
}

function firstDuplicate(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

/** A task that has not started yet. */
export function newTaskRecord(id: string): TaskRecord {
  return {
    id,
    status: 'pending',
    attempts: [],
    mergeCommit: null,
    changedFiles: [],
    outOfBounds: [],
    conflicts: [],
    reason: null,
    durationMs: null,
  };
}

export function findTaskRecord(state: RunState, taskId: string): TaskRecord | undefined {
  return state.tasks.find((task) => task.id === taskId);
}

/**
 * The task's latest CLI session (the last attempt that recorded one) with the profile that ran it and
 * its folder: a retry, a follow-up or Ask agent to resolve continues that conversation.
 */
export function lastCliSession(task: TaskRecord): { profile: string; sessionId: string; cwd: string } | null {
  for (let i = task.attempts.length - 1; i >= 0; i--) {
    const attempt = task.attempts[i];
    if (attempt?.sessionId && attempt.profile) return { profile: attempt.profile, sessionId: attempt.sessionId, cwd: attempt.worktree };
  }
  return null;
}

export function lastAttempt(task: TaskRecord): AttemptRecord | undefined {
  return task.attempts[task.attempts.length - 1];
}
