/** What the user decided about a task waiting in Review. */
export type ReviewDecision =
  | { kind: 'approve' }
  | { kind: 'changes'; prompt: string }
  | { kind: 'discard' }
  /** The run or the task was cancelled while it waited: its work is kept. */
  | { kind: 'cancel' };

/**
 * Tasks in Review before merge, each taking one decision at a time. A task is opened before the board
 * can see it in Review, so a decision that arrives before its loop waits again is kept, not lost; a
 * decision for a task not in Review is refused (the caller says so), never queued.
 */
export class ReviewGate {
  private readonly opened = new Set<string>();
  private readonly waiting = new Map<string, (decision: ReviewDecision) => void>();
  private readonly early = new Map<string, ReviewDecision>();

  /** The task enters Review: from now on a decision for it is accepted. */
  open(taskId: string): void {
    this.opened.add(taskId);
  }

  wait(taskId: string): Promise<ReviewDecision> {
    const early = this.early.get(taskId);
    if (early) {
      this.early.delete(taskId);
      this.opened.delete(taskId);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => this.waiting.set(taskId, resolve));
  }

  isWaiting(taskId: string): boolean {
    return this.opened.has(taskId);
  }

  decide(taskId: string, decision: ReviewDecision): boolean {
    if (!this.opened.has(taskId) || this.early.has(taskId)) return false;
    const resolve = this.waiting.get(taskId);
    if (!resolve) {
      this.early.set(taskId, decision);
      return true;
    }
    this.waiting.delete(taskId);
    this.opened.delete(taskId);
    resolve(decision);
    return true;
  }

  cancelAll(): void {
    for (const taskId of [...this.opened]) this.decide(taskId, { kind: 'cancel' });
  }
}
