import { describe, expect, it } from 'vitest';
import { testTask as t } from '../scheduler/testTask';
import { TaskLimits, type LimitPorts } from './taskLimits';

function setup(runBudget: { usd?: number; tokens?: number } = {}) {
  const calls: string[] = [];
  const ports: LimitPorts = {
    stopAgent: (id) => calls.push(`stop ${id}`),
    note: (id, text) => calls.push(`note ${id}: ${text}`),
    runBudgetReached: (reason) => calls.push(`run ${reason}`),
    agentReady: (id) => calls.push(`ready ${id}`),
  };
  return { limits: new TaskLimits(runBudget, ports), calls };
}

describe('TaskLimits', () => {
  it('stops a task over its budget once, with the reason the board shows', () => {
    const { limits, calls } = setup();
    const task = t('t1', { budgetUsd: 0.5 });
    limits.startAttempt('t1');
    limits.onEvent(task, { kind: 'session', sessionId: 's1' });
    limits.onEvent(task, { kind: 'usage', usage: { input: 100, output: 10 }, costUsd: 0.3 });
    expect(limits.stopReason('t1')).toBeNull();
    limits.onEvent(task, { kind: 'usage', usage: { input: 100, output: 10 }, costUsd: 0.3 });
    limits.onEvent(task, { kind: 'usage', usage: { input: 100, output: 10 }, costUsd: 0.3 });
    expect(limits.stopReason('t1')).toBe('budget exceeded ($0.60 of $0.50)');
    expect(calls).toEqual(['ready t1', 'stop t1']);
    expect(limits.sessionId('t1')).toBe('s1');
  });

  it('says once that a USD budget cannot be checked when the agent gives no price, but still checks tokens', () => {
    const { limits, calls } = setup();
    const task = t('t1', { budgetUsd: 1, budgetTokens: 100 });
    limits.onEvent(task, { kind: 'usage', usage: { input: 40, output: 10 } });
    limits.onEvent(task, { kind: 'usage', usage: { input: 40, output: 10 } });
    expect(calls.filter((call) => call.startsWith('note'))).toEqual([
      'note t1: cost unknown (the agent reports tokens without a price), so the budget of $1.00 cannot be checked',
    ]);
    expect(limits.stopReason('t1')).toBe('budget exceeded (100 of 100 tokens)');
  });

  it('tells the run once when the tasks together spent its budget', () => {
    const { limits, calls } = setup({ usd: 1 });
    limits.onEvent(t('a'), { kind: 'usage', usage: { input: 1, output: 1 }, costUsd: 0.6 });
    limits.onEvent(t('b'), { kind: 'usage', usage: { input: 1, output: 1 }, costUsd: 0.6 });
    limits.onEvent(t('b'), { kind: 'usage', usage: { input: 1, output: 1 }, costUsd: 0.6 });
    expect(calls.filter((call) => call.startsWith('run'))).toEqual(['run run budget reached ($1.20 of $1.00)']);
  });

  it('keeps a rate limit the CLI gave up on, not one it retries by itself; a new attempt forgets it', () => {
    const { limits } = setup();
    limits.onEvent(t('t1'), { kind: 'rateLimit', retrying: true });
    expect(limits.rateLimit('t1')).toBeNull();
    limits.onEvent(t('t1'), { kind: 'rateLimit', resetsAt: 123, message: '429' });
    expect(limits.rateLimit('t1')).toEqual({ resetsAt: 123, message: '429' });
    limits.startAttempt('t1');
    expect(limits.rateLimit('t1')).toBeNull();
  });
});
