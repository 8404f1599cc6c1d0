/** What the user decided about a task waiting in Review. */
export type ReviewDecision =
  | { kind: 'approve' }
  | { kind: 'changes'; prompt: string }
  | { kind: 'discard' }
  /** The run or the task was cancelled while it waited: its work is kept. */
  | { kind: 'cancel' };

/**
 * Tasks waiting in Review before merge: each waits for exactly one decision at a time. A decision for a
 * task that is not waiting is refused (the caller says so), never queued.
 */
export class ReviewGate {
  private readonly waiting = new Map<string, (decision: ReviewDecision) => void>();

  wait(taskId: string): Promise<ReviewDecision> {
    return new Promise((resolve) => this.waiting.set(taskId, resolve));
  }

  isWaiting(taskId: string): boolean {
    return this.waiting.has(taskId);
  }

  decide(taskId: string, decision: ReviewDecision): boolean {
    const resolve = this.waiting.get(taskId);
    if (!resolve) return false;
    this.waiting.delete(taskId);
    resolve(decision);
    return true;
  }

  cancelAll(): void {
    for (const taskId of [...this.waiting.keys()]) this.decide(taskId, { kind: 'cancel' });
  }
}
