import { existsSync } from 'node:fs';
import type { TaskWorktree } from '../git/worktrees';
import type { DispatchEvent } from '../scheduler/dispatchEvents';
import type { TaskRecord } from '../storage/runState';
import type { AttemptResume } from './attemptRunner';
import { clockTime } from './blockerText';
import { rateLimitResumeAt } from './rateLimitWait';
import type { RateLimitSignal } from './taskLimits';

export interface RestartPorts {
  now(): number;
  /** Persists and announces the record's new status. */
  transition(record: TaskRecord): Promise<void>;
  /** Tells the scheduler. */
  handle(event: DispatchEvent): void;
  /** The CLI session the task's agent last reported. */
  sessionId(taskId: string): string | null;
}

/**
 * Rate-limited tasks waiting to go on. A rate limit the CLI gave up on puts the task back to pending
 * ("waiting: rate limited until HH:MM"), its slot given back and its provider held by the scheduler
 * (groupGate.ts); when the scheduler starts it again, the next attempt resumes the same CLI session in
 * the same worktree, where its files are.
 */
export class RateLimitedRestarts {
  private readonly waiting = new Map<string, (go: boolean) => void>();
  private readonly worktrees = new Map<string, TaskWorktree>();

  constructor(private readonly ports: RestartPorts) {}

  /** The worktree of the task's latest attempt. */
  rememberWorktree(taskId: string, worktree: TaskWorktree): void {
    this.worktrees.set(taskId, worktree);
  }

  /** Waits until the scheduler starts the task again (true), or ends it while it waited (false). */
  async wait(taskId: string, record: TaskRecord, limit: RateLimitSignal, waitsSoFar: number): Promise<boolean> {
    const until = rateLimitResumeAt(limit.resetsAt, this.ports.now(), waitsSoFar);
    const reason = `waiting: rate limited until ${clockTime(until)}`;
    record.status = 'pending';
    record.reason = reason;
    await this.ports.transition(record);
    const restarted = new Promise<boolean>((resolve) => this.waiting.set(taskId, resolve));
    this.ports.handle({ type: 'rateLimited', id: taskId, until, reason });
    const go = await restarted;
    if (go) this.ports.handle({ type: 'started', id: taskId });
    return go;
  }

  /** The scheduler says start: true when the task was waiting here (it goes on in its own loop). */
  restarted(taskId: string): boolean {
    return this.settle(taskId, true);
  }

  /** The scheduler ended the task (cancelled, skipped) while it may have been waiting here. */
  ended(taskId: string): void {
    this.settle(taskId, false);
  }

  /** Where the task goes on: its worktree and CLI session, while the worktree is still there. */
  resumeOf(taskId: string): AttemptResume | undefined {
    const worktree = this.worktrees.get(taskId);
    if (!worktree || !existsSync(worktree.path)) return undefined;
    return { worktree, sessionId: this.ports.sessionId(taskId) };
  }

  private settle(taskId: string, go: boolean): boolean {
    const resolve = this.waiting.get(taskId);
    if (!resolve) return false;
    this.waiting.delete(taskId);
    resolve(go);
    return true;
  }
}
