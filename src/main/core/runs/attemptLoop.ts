import type { AttemptResult, AttemptResume } from './attemptRunner';
import { MAX_RATE_LIMIT_WAITS } from './rateLimitWait';
import type { RateLimitSignal } from './taskLimits';

/** What the loop asks of the run for one task. */
export interface AttemptLoopPorts {
  /** 1 + the task's retries. */
  maxAttempts: number;
  /** Runs one attempt (resuming a rate-limited one in its worktree and session when `resume` is given). */
  runOne(resume: AttemptResume | undefined): Promise<AttemptResult>;
  /** True when no further attempt may start: the task was killed, is over its budget, or has given its slot back. */
  mustStop(): boolean;
  /** The rate limit the last attempt ended on, or null. */
  rateLimit(): RateLimitSignal | null;
  /** Waits out a rate limit (false: the run gave the task up meanwhile). */
  waitOut(limit: RateLimitSignal, waitsSoFar: number): Promise<boolean>;
  /** The attempt to resume after the wait. */
  resumeOf(): AttemptResume | undefined;
}

/**
 * A task's attempts until one does not fail or the retries are used up. Tries are counted here, not as
 * recorded attempts: an attempt is recorded only once its worktree exists, so a worktree that cannot be
 * created (a user branch named `wavelane`, a hook refusing ref updates) would otherwise be tried again
 * forever. Attempts that ended on a rate limit are resumed, not retried: they do not count against
 * retries, but MAX_RATE_LIMIT_WAITS in a row end the task. Null: the task was given up while waiting.
 */
export async function runAttemptLoop(ports: AttemptLoopPorts): Promise<AttemptResult | null> {
  let tries = 0;
  let rateLimited = 0;
  let waits = 0;
  let resume: AttemptResume | undefined;
  for (;;) {
    tries++;
    const result = await ports.runOne(resume);
    resume = undefined;
    if (result.kind !== 'failed' || ports.mustStop()) return result;
    const limit = ports.rateLimit();
    if (limit && waits >= MAX_RATE_LIMIT_WAITS) {
      return { ...result, reason: `rate limited ${waits + 1} times in a row${limit.message ? ` (${limit.message})` : ''}; ${result.reason}` };
    }
    if (limit) {
      rateLimited++;
      if (!(await ports.waitOut(limit, waits++))) return null;
      resume = ports.resumeOf();
      continue;
    }
    waits = 0;
    if (tries - rateLimited >= ports.maxAttempts) return result;
  }
}
