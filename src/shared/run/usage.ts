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

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum: TokenUsage = { input: a.input + b.input, output: a.output + b.output };
  for (const key of ['cacheRead', 'cacheWrite', 'reasoning'] as const) {
    if (a[key] !== undefined || b[key] !== undefined) sum[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  return sum;
}

/** Sums are rounded to a billionth of a dollar: far below any price, and no `0.031120000000000002`. */
const COST_SCALE = 1e9;

/** Adds two summaries (an attempt's to its task's, a task's to its run's). */
export function addSummaries(a: UsageSummary, b: UsageSummary): UsageSummary {
  return {
    usage: addUsage(a.usage, b.usage),
    costUsd: a.costUsd === null || b.costUsd === null ? null : Math.round((a.costUsd + b.costUsd) * COST_SCALE) / COST_SCALE,
  };
}

/** The sum of the known figures (a task's attempts, a run's tasks); null when there are none. */
export function sumUsage(parts: readonly (UsageSummary | null | undefined)[]): UsageSummary | null {
  let sum: UsageSummary | null = null;
  for (const part of parts) if (part) sum = sum ? addSummaries(sum, part) : { usage: { ...part.usage }, costUsd: part.costUsd };
  return sum;
}

export function totalTokens(usage: TokenUsage): number {
  return usage.input + usage.output + (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0) + (usage.reasoning ?? 0);
}

/**
 * One short figure for a card, a status line or `wavelane status`: "12,345 tokens · $0.0123", with
 * "cost unknown" where a CLI gave tokens but no price.
 */
export function formatUsage(summary: UsageSummary): string {
  const cost = summary.costUsd === null ? 'cost unknown' : `$${summary.costUsd.toFixed(4)}`;
  return `${totalTokens(summary.usage).toLocaleString('en-US')} tokens · ${cost}`;
}
