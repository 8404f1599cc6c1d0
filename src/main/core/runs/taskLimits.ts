import type { PlanTask } from '../../../shared/plan/plan';
import type { AgentEvent } from '../agents/agentEvent';
import { addSpends, SpendMeter } from '../agents/spendMeter';
import { checkBudget, type Budget } from './budgetCheck';

/** What the limits ask of the run. */
export interface LimitPorts {
  /** Stop this task's agent now (its attempt ends as failed with `stopReason`). */
  stopAgent(taskId: string): void;
  /** Say this once about the task (a budget that cannot be checked), where the user reads the task's reasons. */
  note(taskId: string, text: string): void;
  /** The run's budget is spent: no new task may start. */
  runBudgetReached(reason: string): void;
  /** The task's agent said something: its CLI is past its first-run set-up. */
  agentReady(taskId: string): void;
}

/** A rate limit the CLI gave up on, as the attempt ended. */
export interface RateLimitSignal {
  resetsAt?: number;
  message?: string;
}

interface TaskState {
  meter: SpendMeter;
  stopReason: string | null;
  rateLimit: RateLimitSignal | null;
  sessionId: string | null;
  heard: boolean;
  noted: boolean;
}

/**
 * Budgets and rate limits of a run's tasks, fed every normalized event of every attempt (the
 * `onAgentEvent` hook): a task over its budget is stopped with "budget exceeded ($X of $Y)"; the run
 * over its budget starts nothing more; a rate limit the CLI gave up on is kept for the run to wait out
 * and resume the same session (whose id the `session` event gave).
 */
export class TaskLimits {
  private readonly tasks = new Map<string, TaskState>();
  private runBudgetSaid = false;
  private runNoted = false;

  constructor(
    private readonly runBudget: Budget,
    private readonly ports: LimitPorts,
  ) {}

  /** An attempt of the task starts: its first output opens the gate again, its rate limit is new. */
  startAttempt(taskId: string): void {
    const state = this.state(taskId);
    state.meter.startAttempt();
    state.rateLimit = null;
    state.heard = false;
  }

  onEvent(task: PlanTask, event: AgentEvent): void {
    const state = this.state(task.id);
    if (!state.heard) {
      state.heard = true;
      this.ports.agentReady(task.id);
    }
    if (event.kind === 'session') state.sessionId = event.sessionId;
    if (event.kind === 'rateLimit' && !event.retrying) {
      state.rateLimit = { ...(event.resetsAt !== undefined ? { resetsAt: event.resetsAt } : {}), ...(event.message ? { message: event.message } : {}) };
    }
    if (event.kind !== 'usage' && event.kind !== 'done') return;
    state.meter.add(event);
    this.checkTask(task, state);
    this.checkRun(task.id);
  }

  /** Why Wavelane stopped the task's agent itself, or null. */
  stopReason(taskId: string): string | null {
    return this.tasks.get(taskId)?.stopReason ?? null;
  }

  /** The rate limit the task's last attempt ended on, or null. */
  rateLimit(taskId: string): RateLimitSignal | null {
    return this.tasks.get(taskId)?.rateLimit ?? null;
  }

  /** The CLI session the task's agent last reported. */
  sessionId(taskId: string): string | null {
    return this.tasks.get(taskId)?.sessionId ?? null;
  }

  private checkTask(task: PlanTask, state: TaskState): void {
    if (state.stopReason !== null) return;
    const verdict = checkBudget(state.meter.spend(), { usd: task.budgetUsd ?? null, tokens: task.budgetTokens ?? null });
    if (verdict.kind === 'over') {
      state.stopReason = `budget exceeded (${verdict.spent})`;
      this.ports.stopAgent(task.id);
    } else if (verdict.kind === 'uncheckable' && !state.noted) {
      state.noted = true;
      this.ports.note(task.id, verdict.note);
    }
  }

  private checkRun(taskId: string): void {
    if (this.runBudgetSaid) return;
    const spend = addSpends([...this.tasks.values()].map((state) => state.meter.spend()));
    const verdict = checkBudget(spend, this.runBudget);
    if (verdict.kind === 'over') {
      this.runBudgetSaid = true;
      this.ports.runBudgetReached(`run budget reached (${verdict.spent})`);
    } else if (verdict.kind === 'uncheckable' && !this.runNoted) {
      this.runNoted = true;
      this.ports.note(taskId, verdict.note.replace('the budget', "the run's budget"));
    }
  }

  private state(taskId: string): TaskState {
    let state = this.tasks.get(taskId);
    if (!state) {
      state = { meter: new SpendMeter(), stopReason: null, rateLimit: null, sessionId: null, heard: false, noted: false };
      this.tasks.set(taskId, state);
    }
    return state;
  }
}
