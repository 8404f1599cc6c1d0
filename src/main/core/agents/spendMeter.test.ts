import { describe, expect, it } from 'vitest';
import { addSpends, SpendMeter } from './spendMeter';

describe('SpendMeter', () => {
  it('adds deltas live, and lets the CLI total of a session replace them at its end', () => {
    const meter = new SpendMeter();
    meter.add({ kind: 'session', sessionId: 's1' });
    meter.add({ kind: 'usage', usage: { input: 100, output: 10 }, costUsd: 0.5 });
    expect(meter.spend()).toEqual({ tokens: 110, costUsd: 0.5 });
    meter.add({ kind: 'done', ok: true, total: { input: 120, output: 10 }, totalCostUsd: 0.6 });
    expect(meter.spend()).toEqual({ tokens: 130, costUsd: 0.6 });
  });

  it('counts a resumed session once: its running totals include its earlier attempts', () => {
    const meter = new SpendMeter();
    meter.add({ kind: 'session', sessionId: 'thread' });
    meter.add({ kind: 'usage', usage: { input: 100, output: 10 }, cumulative: true });
    meter.startAttempt();
    meter.add({ kind: 'session', sessionId: 'thread' });
    meter.add({ kind: 'usage', usage: { input: 250, output: 30 }, cumulative: true });
    expect(meter.spend()).toEqual({ tokens: 280, costUsd: null });
  });

  it('marks the cost unknown when tokens come without a price, and adds separate sessions', () => {
    const meter = new SpendMeter();
    meter.add({ kind: 'usage', usage: { input: 10, output: 1 }, costUsd: 0.1 });
    meter.startAttempt();
    meter.add({ kind: 'session', sessionId: 'other' });
    meter.add({ kind: 'usage', usage: { input: 5, output: 1 } });
    expect(meter.spend()).toEqual({ tokens: 17, costUsd: null });
    expect(addSpends([{ tokens: 1, costUsd: 1 }, { tokens: 2, costUsd: 0.5 }])).toEqual({ tokens: 3, costUsd: 1.5 });
    expect(addSpends([{ tokens: 1, costUsd: 1 }, { tokens: 2, costUsd: null }])).toEqual({ tokens: 3, costUsd: null });
  });
});
