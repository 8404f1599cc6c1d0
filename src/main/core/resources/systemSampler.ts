import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { ResourceSample, ResourceSampler } from './resourceMonitor';

/**
 * Reads this machine: CPU busy share from `os.cpus()` time deltas since the previous call (the first call
 * measures since the sampler was made), free memory from MemAvailable on Linux, since `os.freemem()`
 * counts reclaimable page cache as used and would report a healthy Linux box as nearly full.
 */

const MEMINFO = '/proc/meminfo';

export interface SystemSamplerPorts {
  cpus: () => os.CpuInfo[];
  /** The text of /proc/meminfo, or null where there is none. */
  meminfo: () => string | null;
  freemem: () => number;
  totalmem: () => number;
}

const realPorts: SystemSamplerPorts = {
  cpus: () => os.cpus(),
  meminfo: () => {
    if (process.platform !== 'linux') return null;
    try {
      return readFileSync(MEMINFO, 'utf8');
    } catch {
      return null; // unreadable (a locked-down container): fall back to os.freemem()
    }
  },
  freemem: () => os.freemem(),
  totalmem: () => os.totalmem(),
};

export function createSystemSampler(ports: SystemSamplerPorts = realPorts): ResourceSampler {
  let previous = cpuTimes(ports.cpus());
  return (): ResourceSample => {
    const current = cpuTimes(ports.cpus());
    const total = current.total - previous.total;
    const idle = current.idle - previous.idle;
    previous = current;
    return {
      cpuBusy: total > 0 ? 1 - idle / total : 0,
      memoryFree: memoryFree(ports),
    };
  };
}

/** MemAvailable / MemTotal from /proc/meminfo text, or null when either is missing. */
export function parseMemAvailable(meminfo: string): number | null {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo);
    return match ? Number(match[1]) : null;
  };
  const total = field('MemTotal');
  const available = field('MemAvailable');
  if (total === null || available === null || total === 0) return null;
  return available / total;
}

function memoryFree(ports: SystemSamplerPorts): number {
  const meminfo = ports.meminfo();
  const fromProc = meminfo === null ? null : parseMemAvailable(meminfo);
  if (fromProc !== null) return fromProc;
  const total = ports.totalmem();
  // No total to divide by: unknown, and the guard must not hold agents back on a guess.
  return total > 0 ? ports.freemem() / total : 1;
}

function cpuTimes(cpus: readonly os.CpuInfo[]): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus) {
    const { user, nice, sys, idle: idleTime, irq } = cpu.times;
    idle += idleTime;
    total += user + nice + sys + idleTime + irq;
  }
  return { idle, total };
}
