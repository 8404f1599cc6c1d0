/**
 * Tokens and cost, as every face shows them (run report, status, board). Defined here because the
 * report and the board carry them; the core's agents/usageTotals.ts computes them.
 */

/** Token counts. Absent optional fields mean the CLI did not say. */
export interface TokenUsage {
  input: number;
  output: number;
  /** Input tokens served from the provider's prompt cache. */
  cacheRead?: number;
  /** Input tokens written to the provider's prompt cache. */
  cacheWrite?: number;
  /** Reasoning ("thinking") tokens, where the CLI reports them apart from output. */
  reasoning?: number;
}

/**
 * What an attempt, a task or a run used. `costUsd` is null when any part of it came from a CLI that
 * gave tokens but no price: Wavelane never invents a price, so the total is marked unknown instead.
 */
export interface UsageSummary {
  usage: TokenUsage;
  costUsd: number | null;
}
