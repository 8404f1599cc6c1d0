import { describe, expect, it } from 'vitest';
import { CPU_BUSY_WINDOW_MS, holdReasonText, MEMORY_FREE_MIN, ResourceMonitor, type ResourceSample } from './resourceMonitor';

/** A monitor whose machine and clock the test sets by hand. */
function setup(enabled = true) {
  let clock = 0;
  let reading: ResourceSample = { cpuBusy: 0.2, memoryFree: 0.5 };
  let samples = 0;
  const monitor = new ResourceMonitor({
    sampler: () => {
      samples++;
      return reading;
    },
    now: () => clock,
    enabled,
  });
  return {
    monitor,
    set: (next: Partial<ResourceSample>) => (reading = { ...reading, ...next }),
    advance: (ms: number) => (clock += ms),
    samples: () => samples,
  };
}

describe('ResourceMonitor', () => {
  it('holds new agents while free memory is under 15%, and lets them go when it recovers', () => {
    const machine = setup();
    expect(machine.monitor.hold(2)).toBeNull();
    machine.advance(1000);
    machine.set({ memoryFree: MEMORY_FREE_MIN - 0.01 });
    expect(machine.monitor.hold(2)).toBe('memory');
    machine.advance(1000);
    machine.set({ memoryFree: MEMORY_FREE_MIN + 0.05 });
    expect(machine.monitor.hold(2)).toBeNull();
  });

  it('holds for CPU only after 10 s of readings above 90%', () => {
    const machine = setup();
    machine.monitor.hold(1);
    machine.set({ cpuBusy: 0.97 });
    for (let second = 1; second < CPU_BUSY_WINDOW_MS / 1000; second++) {
      machine.advance(1000);
      expect(machine.monitor.hold(1), `after ${second} s`).toBeNull();
    }
    machine.advance(1000);
    expect(machine.monitor.hold(1)).toBe('cpu');
  });

  it('starts counting again after one calmer reading', () => {
    const machine = setup();
    machine.monitor.hold(1);
    machine.set({ cpuBusy: 0.95 });
    for (let second = 0; second < 8; second++) {
      machine.advance(1000);
      machine.monitor.hold(1);
    }
    machine.set({ cpuBusy: 0.5 });
    machine.advance(1000);
    expect(machine.monitor.hold(1)).toBeNull();
    machine.set({ cpuBusy: 0.95 });
    machine.advance(5000);
    expect(machine.monitor.hold(1)).toBeNull();
    machine.advance(5000);
    expect(machine.monitor.hold(1)).toBe('cpu');
  });

  it('never holds back the first agent', () => {
    const machine = setup();
    machine.set({ memoryFree: 0.01, cpuBusy: 1 });
    for (let second = 0; second <= 20; second++) {
      machine.advance(1000);
      expect(machine.monitor.hold(0)).toBeNull();
    }
    expect(machine.monitor.hold(1)).toBe('memory');
  });

  it('holds nothing when the guard is off, and can be turned back on', () => {
    const machine = setup(false);
    machine.set({ memoryFree: 0.01 });
    expect(machine.monitor.hold(3)).toBeNull();
    machine.monitor.setEnabled(true);
    expect(machine.monitor.hold(3)).toBe('memory');
    expect(machine.monitor.enabled).toBe(true);
  });

  it('reuses a reading taken moments ago instead of measuring noise', () => {
    const machine = setup();
    machine.monitor.hold(1);
    machine.advance(100);
    machine.monitor.hold(1);
    expect(machine.samples()).toBe(1);
    machine.advance(1000);
    machine.monitor.hold(1);
    expect(machine.samples()).toBe(2);
  });

  it('ignores readings that are not numbers and clamps the rest', () => {
    const machine = setup();
    machine.set({ memoryFree: 0.05 });
    machine.monitor.hold(1);
    machine.advance(1000);
    machine.set({ memoryFree: Number.NaN });
    expect(machine.monitor.hold(1)).toBe('memory');
    machine.advance(1000);
    machine.set({ memoryFree: 7, cpuBusy: -1 });
    machine.monitor.hold(1);
    expect(machine.monitor.reading()).toEqual({ cpuPercent: 0, memoryFreePercent: 100 });
  });

  it('reports its reading in percent and the hold in the words of the status', () => {
    const machine = setup();
    expect(machine.monitor.reading()).toBeNull();
    machine.set({ cpuBusy: 0.456, memoryFree: 0.789 });
    machine.monitor.sample();
    expect(machine.monitor.reading()).toEqual({ cpuPercent: 46, memoryFreePercent: 79 });
    expect(holdReasonText('memory')).toBe('waiting: memory');
  });
});
