import { describe, expect, it } from 'vitest';
import { ReviewGate } from './reviewGate';

describe('ReviewGate', () => {
  it('refuses a decision for a task not in review', () => {
    expect(new ReviewGate().decide('t', { kind: 'approve' })).toBe(false);
  });

  it('keeps a decision that arrives before the task waits (the board saw Review first)', async () => {
    const gate = new ReviewGate();
    gate.open('t');
    expect(gate.decide('t', { kind: 'discard' })).toBe(true);
    expect(gate.decide('t', { kind: 'approve' })).toBe(false);
    await expect(gate.wait('t')).resolves.toEqual({ kind: 'discard' });
    expect(gate.decide('t', { kind: 'approve' })).toBe(false);
  });

  it('delivers a decision to a waiting task once, and cancels everything in review', async () => {
    const gate = new ReviewGate();
    gate.open('a');
    gate.open('b');
    const a = gate.wait('a');
    expect(gate.decide('a', { kind: 'changes', prompt: 'more' })).toBe(true);
    await expect(a).resolves.toEqual({ kind: 'changes', prompt: 'more' });
    const b = gate.wait('b');
    gate.cancelAll();
    await expect(b).resolves.toEqual({ kind: 'cancel' });
    expect(gate.isWaiting('b')).toBe(false);
  });
});
