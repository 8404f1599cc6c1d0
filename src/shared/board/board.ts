import type { Plan } from '../plan/plan';
import type { Strategy, TaskReport } from '../run/taskStatus';

/** The columns a user arranges; Running, Done and Needs attention follow the run by themselves. */
export type PlanningColumn = 'backlog' | 'runParallel';

export interface BoardSettings {
  maxParallel: number;
  /** Hold back new agents while memory or CPU is short (never kills running ones). */
  resourceGuard: boolean;
  strategy: Strategy;
  /** Every task of a run waits in Review for the user's approval before it merges. */
  reviewBeforeMerge: boolean;
  /** Overrides the plan's verify command for this repository; empty string means none. */
  verify?: string;
  /** The run's budget: no new task starts once the run has spent it (null or absent: no limit). */
  budgetUsd?: number | null;
  budgetTokens?: number | null;
}

/** What is saved per repository: the plan being edited and where the user put each task. */
export interface BoardState {
  plan: Plan;
  columns: Record<PlanningColumn, string[]>;
  settings: BoardSettings;
}

/** Why a task sits where it does in the wave preview. */
export type WaveReason =
  | { kind: 'dependency'; on: string }
  | { kind: 'lock'; heldBy: string; globs: string[] };

export interface WavePreview {
  waves: string[][];
  /** Tasks placed after wave 1, with the first reason that pushed them there. */
  reasons: Record<string, WaveReason>;
  criticalPath: string[];
}

export interface AgentInfo {
  id: string;
  command: string;
  builtin: boolean;
  available: boolean;
  /** The CLI's version (`agents.detect`), once known; built-in profiles only. */
  version?: string;
  /** "claude 2.0.1 is older than 2.1.332, the version Wavelane was tested with". */
  warning?: string;
}

export type RunState = 'running' | 'cancelling' | 'finished' | 'cancelled';

export interface RunTask extends TaskReport {
  title: string;
  /** Wave in the preview at start (1-based), or null for tasks that joined later. */
  wave: number | null;
  /** True while an agent's terminal is live (input and resize reach it). */
  live: boolean;
}

export interface ResourceReading {
  cpuPercent: number;
  memoryFreePercent: number;
}

export interface RunSnapshot {
  id: string;
  state: RunState;
  startedAt: string;
  endedAt: string | null;
  maxParallel: number;
  /** Why no new agent starts right now (`waiting: memory`), or null. */
  holdReason: string | null;
  resources: ResourceReading | null;
  tasks: RunTask[];
}

export interface BoardSnapshot {
  /**
   * Increases with every snapshot the core builds (across repositories). Answers and events may arrive out of
   * order; a window keeps the newest it has seen.
   */
  version: number;
  repo: string;
  board: BoardState;
  preview: WavePreview;
  /** Problems that keep the Run parallel lane from starting, each naming its task. */
  problems: { taskId: string | null; message: string }[];
  agents: AgentInfo[];
  run: RunSnapshot | null;
}
