import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createSystemSampler } from './systemSampler';

/** The real sampler on this machine. */
describe('system sampler on this machine', () => {
  it('reads shares between 0 and 1', () => {
    const sample = createSystemSampler();
    const reading = sample();
    expect(reading.memoryFree).toBeGreaterThan(0);
    expect(reading.memoryFree).toBeLessThanOrEqual(1);
    expect(reading.cpuBusy).toBeGreaterThanOrEqual(0);
    expect(reading.cpuBusy).toBeLessThanOrEqual(1);
  });

  it('sees the CPU time this process burns', () => {
    const sample = createSystemSampler();
    const spinUntil = Date.now() + 600;
    let sink = 0;
    while (Date.now() < spinUntil) sink += Math.sqrt(sink + 1);
    const reading = sample();
    expect(sink).toBeGreaterThan(0);
    // One busy core of however many: a generous floor, since other load can only raise it.
    expect(reading.cpuBusy).toBeGreaterThan(0.5 / os.cpus().length);
  });
});
