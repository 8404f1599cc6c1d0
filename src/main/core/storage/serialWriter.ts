/**
 * Serializes the writes of one file: one at a time, in call order, so two transitions in the same tick never
 * interleave. Only the newest content matters for a state file, so a write still waiting behind a running one
 * is replaced by the next call (both callers resolve when the newer content is on disk): a burst of N
 * transitions costs two writes, not N.
 */
export class SerialWriter {
  private running = false;
  private pending: { content: string; waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> } | null =
    null;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly writeContent: (content: string) => Promise<void>) {}

  /** Resolves once `content` (or content submitted after it) is written; rejects if that write failed. */
  write(content: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending) {
        this.pending.content = content;
        this.pending.waiters.push({ resolve, reject });
      } else {
        this.pending = { content, waiters: [{ resolve, reject }] };
      }
      if (!this.running) void this.pump();
    });
  }

  /** Resolves when nothing is being written or waiting. */
  idle(): Promise<void> {
    if (!this.running && !this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    this.running = true;
    while (this.pending) {
      const batch = this.pending;
      this.pending = null;
      try {
        await this.writeContent(batch.content);
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
