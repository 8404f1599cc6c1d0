import type { AgentEvent, TokenUsage } from './agentEvent';
import { addUsage, EMPTY_USAGE, totalTokens } from './usageTotals';

/** What a task (over all its attempts) or a run has spent so far. `costUsd` null: some tokens came unpriced. */
export interface Spend {
  tokens: number;
  costUsd: number | null;
}

interface SessionSpend {
  deltas: TokenUsage;
  deltaCost: number;
  unpriced: boolean;
  /** The last session-wide running total a CLI reported (`usage` with `cumulative`). */
  cumulative: { usage: TokenUsage; costUsd?: number } | null;
  /** The CLI's own totals at the end (`done`), for the whole session. */
  done: { usage?: TokenUsage; costUsd?: number } | null;
}

/**
 * Spend as it happens, for budgets: fed every event of a task's attempts (live, not at the end), so an
 * agent over its budget is stopped while it works. Figures are kept per CLI session, because a resumed
 * session's running totals (Codex's cumulative usage, Claude's `done` totals) count its earlier attempts
 * too: per session, the CLI's own total wins over the sum of deltas, and sessions add up.
 */
export class SpendMeter {
  private readonly sessions = new Map<string, SessionSpend>();
  private current: string;
  private attempts = 0;

  constructor() {
    this.current = this.newAttemptKey();
  }

  /** A new attempt starts: until its CLI names its session, its events are its own. */
  startAttempt(): void {
    this.current = this.newAttemptKey();
  }

  add(event: AgentEvent): void {
    if (event.kind === 'session') {
      this.current = `session:${event.sessionId}`;
      return;
    }
    const spend = this.bucket();
    if (event.kind === 'usage') {
      if (event.cumulative) {
        spend.cumulative = { usage: event.usage, ...(event.costUsd !== undefined ? { costUsd: event.costUsd } : {}) };
      } else {
        spend.deltas = addUsage(spend.deltas, event.usage);
        if (event.costUsd === undefined) spend.unpriced ||= totalTokens(event.usage) > 0;
        else spend.deltaCost += event.costUsd;
      }
    } else if (event.kind === 'done' && (event.total || event.totalCostUsd !== undefined)) {
      spend.done = {
        ...(event.total ? { usage: event.total } : {}),
        ...(event.totalCostUsd !== undefined ? { costUsd: event.totalCostUsd } : {}),
      };
    }
  }

  spend(): Spend {
    let tokens = 0;
    let costUsd: number | null = 0;
    for (const session of this.sessions.values()) {
      const usage = session.done?.usage ?? session.cumulative?.usage ?? session.deltas;
      tokens += totalTokens(usage);
      const running = session.cumulative;
      const unpricedRunning = running !== null && running.costUsd === undefined && totalTokens(running.usage) > 0;
      const cost = session.done?.costUsd ?? running?.costUsd ?? (session.unpriced || unpricedRunning ? null : session.deltaCost);
      costUsd = costUsd === null || cost === null ? null : costUsd + cost;
    }
    return { tokens, costUsd };
  }

  private bucket(): SessionSpend {
    let spend = this.sessions.get(this.current);
    if (!spend) {
      spend = { deltas: EMPTY_USAGE, deltaCost: 0, unpriced: false, cumulative: null, done: null };
      this.sessions.set(this.current, spend);
    }
    return spend;
  }

  private newAttemptKey(): string {
    return `attempt:${++this.attempts}`;
  }
}

/** Adds spends (a run's, from its tasks'). */
export function addSpends(spends: Iterable<Spend>): Spend {
  let tokens = 0;
  let costUsd: number | null = 0;
  for (const spend of spends) {
    tokens += spend.tokens;
    costUsd = costUsd === null || spend.costUsd === null ? null : costUsd + spend.costUsd;
  }
  return { tokens, costUsd };
}
