import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createSystemSampler, parseMemAvailable, type SystemSamplerPorts } from './systemSampler';

const MEMINFO = `MemTotal:       16000000 kB
MemFree:          800000 kB
MemAvailable:    4000000 kB
Buffers:          100000 kB
Cached:          3000000 kB
`;

function cpu(idle: number, busy: number): os.CpuInfo {
  return { model: 'test', speed: 1, times: { user: busy, nice: 0, sys: 0, idle, irq: 0 } };
}

describe('parseMemAvailable', () => {
  it('reads MemAvailable over MemTotal, not MemFree', () => {
    expect(parseMemAvailable(MEMINFO)).toBe(0.25);
  });

  it('gives null when a field is missing (old kernels have no MemAvailable)', () => {
    expect(parseMemAvailable('MemTotal: 100 kB\nMemFree: 50 kB\n')).toBeNull();
  });
});

describe('createSystemSampler', () => {
  it('measures CPU busy share from time deltas across all CPUs since the previous reading', () => {
    let cpus = [cpu(1000, 1000), cpu(1000, 1000)];
    const ports: SystemSamplerPorts = { cpus: () => cpus, meminfo: () => MEMINFO, freemem: () => 1, totalmem: () => 2 };
    const sample = createSystemSampler(ports);
    cpus = [cpu(1000, 1100), cpu(1100, 1000)];
    expect(sample()).toEqual({ cpuBusy: 0.5, memoryFree: 0.25 });
    cpus = [cpu(1000, 1300), cpu(1100, 1200)];
    expect(sample().cpuBusy).toBe(1);
    expect(sample().cpuBusy).toBe(0);
  });

  it('falls back to freemem/totalmem where there is no /proc/meminfo', () => {
    const sample = createSystemSampler({ cpus: () => [], meminfo: () => null, freemem: () => 1, totalmem: () => 4 });
    expect(sample().memoryFree).toBe(0.25);
  });
});
