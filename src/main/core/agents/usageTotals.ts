import { addSummaries, addUsage, totalTokens, type TokenUsage, type UsageSummary } from '../../../shared/run/usage';
import type { AgentEvent } from './agentEvent';

export type { UsageSummary };
export { addSummaries, addUsage, totalTokens };

export const EMPTY_USAGE: TokenUsage = Object.freeze({ input: 0, output: 0 });


export const EMPTY_SUMMARY: UsageSummary = Object.freeze({ usage: EMPTY_USAGE, costUsd: 0 });

/**
 * Folds one attempt's events into its usage. `usage` events are deltas and add up; a `done` event's
 * totals are the CLI's own figures for the whole session and replace the sum (the CLI knows about
 * turns whose deltas it never streamed). Cost stays null until a priced figure arrives, and becomes
 * null again when tokens arrive without one (see UsageSummary).
 */
export class UsageTotals {
  private usage: TokenUsage = EMPTY_USAGE;
  private costUsd: number | null = null;
  private sawTokens = false;
  private unpricedTokens = false;

  add(event: AgentEvent): void {
    if (event.kind === 'usage') {
      this.usage = addUsage(this.usage, event.usage);
      this.sawTokens ||= totalTokens(event.usage) > 0;
      if (event.costUsd === undefined) this.unpricedTokens ||= totalTokens(event.usage) > 0;
      else this.costUsd = (this.costUsd ?? 0) + event.costUsd;
    } else if (event.kind === 'done') {
      if (event.total) {
        this.usage = { ...event.total };
        this.sawTokens = true;
      }
      if (event.totalCostUsd !== undefined) {
        this.costUsd = event.totalCostUsd;
        this.unpricedTokens = false;
      }
    }
  }

  summary(): UsageSummary {
    const costUsd = this.unpricedTokens ? null : this.costUsd ?? (this.sawTokens ? null : 0);
    return { usage: { ...this.usage }, costUsd };
  }
}
