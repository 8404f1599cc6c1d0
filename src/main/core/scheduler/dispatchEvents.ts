import type { PlanTask } from '../../../shared/plan/plan';
import type { Strategy, TaskStatus } from '../../../shared/run/taskStatus';
import type { ResourceHold } from '../resources/resourceMonitor';
import type { GroupBlocker } from './groupGate';

export type { GroupBlocker, ResourceHold };

/**
 * The vocabulary between the dispatcher (a pure state machine) and whatever drives it: the executor with
 * real agents, or the simulation with virtual time. Events say what happened; actions say what to do next.
 */

/** How an agent's process ended: `success` left commits (the task then waits for its merge), `empty` left none. */
export type AgentOutcome = 'success' | 'empty' | 'failed' | 'cancelled';

export type DispatchEvent =
  /** Re-evaluate (a periodic tick; nothing else changed). */
  | { type: 'tick' }
  /** The agent of a task the dispatcher started is now running (its duration is measured from here). */
  | { type: 'started'; id: string }
  | { type: 'finished'; id: string; outcome: AgentOutcome; reason?: string }
  | { type: 'merged'; id: string }
  | { type: 'conflict'; id: string; reason?: string }
  | { type: 'verifyFailed'; id: string; reason?: string }
  /** A task dropped on the lane during the run joins it. */
  | { type: 'addTask'; task: PlanTask }
  /** Cancel one task, or the whole run when `id` is absent. */
  | { type: 'cancel'; id?: string }
  | { type: 'resources'; hold: ResourceHold | null }
  /** The running task's agent printed its first output or event (opens its group's first-start gate). */
  | { type: 'agentReady'; id: string }
  /**
   * The provider refused the running task for rate limits and its CLI gave up: the task gives its slot
   * back, keeps its locks, waits as `pending` with `reason`, and nothing of its group starts before
   * `until` (epoch ms). It starts again (`start`) after that, staggered with its group's other restarts.
   */
  | { type: 'rateLimited'; id: string; until: number; reason: string }
  /** The run's budget is spent (`reached` says how, e.g. "run budget reached ($2.10 of $2.00)"), or null again. */
  | { type: 'budget'; reached: string | null };

export type DispatchAction =
  /** Create the worktree and start the agent; the task holds its locks and a slot from now on. */
  | { type: 'start'; id: string }
  /** The task will not run: `skipped` (a dependency did not land) or `cancelled` (never started). */
  | { type: 'skip'; id: string; status: 'skipped' | 'cancelled'; reason: string }
  /** Stop this running agent; answer with `finished` (outcome `cancelled`) once it has exited. */
  | { type: 'kill'; id: string }
  /** Every task has reached a final status. Emitted again if a task joins later and finishes. */
  | { type: 'done' };

/** Why a pending task is not running yet. */
export type Blocker =
  | { kind: 'dependency'; on: string }
  | { kind: 'lock'; heldBy: string; globs: string[] }
  /** `waves` strategy: waits for this wave to end. */
  | { kind: 'wave'; wave: number }
  | { kind: 'resources'; hold: ResourceHold }
  /** All `maxParallel` slots are taken. */
  | { kind: 'slot' }
  /** The run's budget is spent: no new task starts. */
  | { kind: 'budget'; reason: string }
  /** Its agent's group (profile) is capped, rate-limited, or still starting its first session. */
  | GroupBlocker;

export interface DispatchTask {
  id: string;
  status: TaskStatus;
  /** Why it ended as it did (failed, skipped, cancelled), or null. */
  reason: string | null;
  /** For pending tasks: what it waits for. */
  blockedBy: Blocker | null;
  /** 1-based wave in the preview (at start, or where it joined under `waves`), null when not placed. */
  wave: number | null;
  /** Clock readings (ms) when the agent started and ended; null until then. */
  startedAt: number | null;
  endedAt: number | null;
}

export interface DispatcherSnapshot {
  strategy: Strategy;
  maxParallel: number;
  /** Agents running now (slots taken). */
  running: number;
  /** Tasks whose agent is done and that wait for, or are in, the merge queue (they still hold their locks). */
  merging: number;
  hold: ResourceHold | null;
  /** What stops a ready task from starting (`waiting: memory`, `waiting: claude-code at its cap of 2`), else null. */
  holdReason: string | null;
  /** The blocker behind the run's hold (budget, a group's rate limit, cap or first start, resources), or null. */
  holdBlocker: Blocker | null;
  cancelling: boolean;
  /** True when every task is final. */
  finished: boolean;
  /** `waves` strategy: the wave being worked on (1-based), else null. */
  currentWave: number | null;
  tasks: DispatchTask[];
}

export type DispatcherErrorCode =
  | 'INVALID_MAX_PARALLEL'
  | 'DUPLICATE_TASK'
  | 'UNKNOWN_DEPENDENCY'
  | 'DEPENDENCY_CYCLE'
  | 'UNKNOWN_TASK'
  | 'INVALID_TRANSITION'
  | 'RUN_CANCELLED';
