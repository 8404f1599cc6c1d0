import { describe, expect, it } from 'vitest';
import { checkBudget } from './budgetCheck';

describe('checkBudget', () => {
  it('is within, then over, in US dollars', () => {
    expect(checkBudget({ tokens: 10, costUsd: 0.4 }, { usd: 0.5 })).toEqual({ kind: 'within' });
    expect(checkBudget({ tokens: 10, costUsd: 0.512 }, { usd: 0.5 })).toEqual({ kind: 'over', spent: '$0.51 of $0.50' });
  });

  it('checks tokens whatever the cost, and says when a USD budget cannot be checked', () => {
    expect(checkBudget({ tokens: 120_400, costUsd: null }, { usd: 1, tokens: 100_000 })).toEqual({
      kind: 'over',
      spent: '120,400 of 100,000 tokens',
    });
    expect(checkBudget({ tokens: 5, costUsd: null }, { usd: 2 })).toEqual({
      kind: 'uncheckable',
      note: 'cost unknown (the agent reports tokens without a price), so the budget of $2.00 cannot be checked',
    });
    expect(checkBudget({ tokens: 5, costUsd: null }, {})).toEqual({ kind: 'within' });
  });
});
