import type { Spend } from '../agents/spendMeter';

/** A budget in either unit (or both); absent means unlimited. */
export interface Budget {
  usd?: number | null;
  tokens?: number | null;
}

export type BudgetVerdict =
  | { kind: 'within' }
  /** Spent at least the budget: `spent` reads "$2.31 of $2.00" or "120,400 of 100,000 tokens". */
  | { kind: 'over'; spent: string }
  /** A USD budget, and tokens without a price: the budget cannot be checked (said once, not ignored silently). */
  | { kind: 'uncheckable'; note: string };

/** Whether `spend` is over `budget`. The tokens budget is checked even when the cost is unknown. */
export function checkBudget(spend: Spend, budget: Budget): BudgetVerdict {
  if (budget.tokens != null && spend.tokens >= budget.tokens) {
    return { kind: 'over', spent: `${spend.tokens.toLocaleString('en-US')} of ${budget.tokens.toLocaleString('en-US')} tokens` };
  }
  if (budget.usd == null) return { kind: 'within' };
  if (spend.costUsd === null) {
    return {
      kind: 'uncheckable',
      note: `cost unknown (the agent reports tokens without a price), so the budget of ${usd(budget.usd)} cannot be checked`,
    };
  }
  if (spend.costUsd >= budget.usd) return { kind: 'over', spent: `${usd(spend.costUsd)} of ${usd(budget.usd)}` };
  return { kind: 'within' };
}

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
