/**
 * The plan, version 1: one format for plan files, the board and the CLI. The types; their one schema is
 * planSchema.ts beside this file (a compile-time check keeps the two the same), ids are planId.ts, and the
 * checks that need the whole plan (references, globs, cycles) live in src/main/core/plan.
 */

export const PLAN_VERSION = 1;

export type AdrStatus = 'proposed' | 'accepted' | 'superseded';

export interface Objective {
  id: string;
  title: string;
  description?: string;
}

export interface Adr {
  id: string;
  objective?: string;
  title: string;
  status?: AdrStatus;
  context?: string;
  decision?: string;
  consequences?: string;
}

export interface PlanTask {
  id: string;
  title: string;
  prompt: string;
  objective?: string;
  adrs?: string[];
  dependsOn?: string[];
  /** Repo-relative globs this task may change; held as exclusive locks while it runs. */
  files?: string[];
  /** Repo-relative globs this task reads; held as shared locks while it runs. */
  reads?: string[];
  /** Agent profile id; the plan's `agent` otherwise. */
  agent?: string;
  timeoutSec?: number;
  retries?: number;
  /** Stop the agent once the task has cost this much (USD, over all its attempts); needs a CLI that prices its tokens. */
  budgetUsd?: number;
  /** Stop the agent once the task has used this many tokens (input, output and cache, over all its attempts). */
  budgetTokens?: number;
  /** Higher runs earlier among equally urgent ready tasks. */
  priority?: number;
  /** Expected duration, used for critical-path ordering before a measured one exists. */
  estimateSec?: number;
  /** Wait for the user's approval (a diff in the app's Review column) before merging. The app only. */
  review?: boolean;
  /** `done` marks work already finished elsewhere (an imported completed subtask): not run, counts as merged. */
  status?: 'todo' | 'done';
}

/** Turns a task into a process. Args may hold `{prompt}`, `{promptFile}`, `{taskId}`, `{title}`. */
export interface AgentProfile {
  id: string;
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

export interface Plan {
  version: 1;
  /** Default agent profile for tasks that name none. */
  agent?: string;
  objectives?: Objective[];
  adrs?: Adr[];
  tasks: PlanTask[];
  agents?: AgentProfile[];
  /** Shell command run in each new worktree before the agent (e.g. `npm ci`). */
  setup?: string;
  /** Git-ignored files (e.g. `.env`) copied from the main checkout into each worktree. */
  copyFiles?: string[];
  /** Shell command that must pass on the merged tree before the target branch moves. */
  verify?: string;
}

/** One problem found in a plan: what and where (`tasks[2].dependsOn[0]`, `line 4, column 7`). */
export interface PlanIssue {
  message: string;
  where: string;
  /** Where in the plan's text (1-based), when the plan was read from text. */
  line?: number;
  column?: number;
}
