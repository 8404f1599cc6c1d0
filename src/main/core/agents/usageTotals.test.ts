import { describe, expect, it } from 'vitest';
import { addSummaries, UsageTotals } from './usageTotals';

describe('UsageTotals', () => {
  it('adds usage deltas and their prices', () => {
    const totals = new UsageTotals();
    totals.add({ kind: 'usage', usage: { input: 10, output: 5 }, costUsd: 0.01 });
    totals.add({ kind: 'usage', usage: { input: 3, output: 2, cacheRead: 7 }, costUsd: 0.002 });
    expect(totals.summary()).toEqual({ usage: { input: 13, output: 7, cacheRead: 7 }, costUsd: 0.012 });
  });

  it("lets the CLI's own totals at the end replace the sum of the deltas", () => {
    const totals = new UsageTotals();
    totals.add({ kind: 'usage', usage: { input: 10, output: 5 } });
    totals.add({ kind: 'done', ok: true, total: { input: 40, output: 9 }, totalCostUsd: 0.5 });
    expect(totals.summary()).toEqual({ usage: { input: 40, output: 9 }, costUsd: 0.5 });
  });

  it('marks the cost unknown when tokens came without a price, and never invents one', () => {
    const totals = new UsageTotals();
    totals.add({ kind: 'usage', usage: { input: 10, output: 5 } });
    expect(totals.summary().costUsd).toBeNull();
    expect(new UsageTotals().summary()).toEqual({ usage: { input: 0, output: 0 }, costUsd: 0 });
  });

  it('keeps an unknown cost unknown when summaries are added', () => {
    const known = { usage: { input: 1, output: 1 }, costUsd: 0.1 };
    const unknown = { usage: { input: 2, output: 2 }, costUsd: null };
    expect(addSummaries(known, known)).toEqual({ usage: { input: 2, output: 2 }, costUsd: 0.2 });
    expect(addSummaries(known, unknown)).toEqual({ usage: { input: 3, output: 3 }, costUsd: null });
  });
});
