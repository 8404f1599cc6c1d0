import { describe, expect, it } from 'vitest';
import { FlowControl } from './flowControl';

function setup() {
  const calls: string[] = [];
  let now = 0;
  const flow = new FlowControl(
    { pause: () => calls.push('pause'), resume: () => calls.push('resume') },
    { highWatermark: 100, lowWatermark: 10, stallMs: 1_000, now: () => now },
  );
  return { flow, calls, tick: (ms: number) => (now += ms) };
}

describe('FlowControl', () => {
  it('pauses above the high watermark and resumes only below the low one', () => {
    const { flow, calls } = setup();
    flow.attachViewer('v');
    flow.sent(100);
    expect(flow.paused).toBe(false);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    flow.ack(80, 'v');
    expect(flow.paused).toBe(true);
    flow.ack(12, 'v');
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.unacked).toBe(9);
  });

  it('never pauses without a viewer, and ignores acks from viewers that are not attached', () => {
    const { flow, calls } = setup();
    flow.sent(10_000);
    flow.ack(5, 'ghost');
    expect(calls).toEqual([]);
    flow.attachViewer('v');
    flow.sent(50);
    flow.ack(1_000, 'v');
    expect(flow.unacked).toBe(0);
  });

  it('follows the slowest viewer, and resumes when that viewer detaches', () => {
    const { flow, calls } = setup();
    const fast = flow.attachViewer('fast');
    const slow = flow.attachViewer('slow');
    flow.sent(150);
    flow.ack(150, 'fast');
    expect(flow.paused).toBe(true);
    slow.dispose();
    expect(calls).toEqual(['pause', 'resume']);
    fast.dispose();
    expect(flow.viewerCount).toBe(0);
  });

  it('keeps a viewer id attached until every attachment of it is disposed', () => {
    const { flow } = setup();
    const first = flow.attachViewer('socket');
    const second = flow.attachViewer('socket');
    first.dispose();
    flow.sent(500);
    expect(flow.paused).toBe(true);
    second.dispose();
    expect(flow.paused).toBe(false);
    second.dispose();
    expect(flow.viewerCount).toBe(0);
  });

  it('drops a viewer that holds the pty paused without acking for the stall time', () => {
    const { flow, calls, tick } = setup();
    flow.attachViewer('dead');
    tick(60_000); // up to date for a long time: its stall clock starts only when it falls behind
    flow.sent(500);
    flow.expireStalledViewers();
    expect(flow.paused).toBe(true);
    tick(999);
    flow.expireStalledViewers();
    expect(flow.paused).toBe(true);
    tick(1);
    flow.expireStalledViewers();
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.viewerCount).toBe(0);
  });

  it('stops applying for good once released', () => {
    const { flow, calls } = setup();
    flow.attachViewer('v');
    flow.sent(500);
    flow.release();
    flow.sent(500);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.paused).toBe(false);
  });
});
