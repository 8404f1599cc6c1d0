import os from 'node:os';
import { isPidAlive } from './isPidAlive';

/**
 * What this host can tell about processes and time: its own pid and name, the clock, when it booted, and
 * whether a pid is alive. The run store stamps a run's owner with it and the run's recovery policy
 * (runs/ownerLiveness.ts) asks it whether that owner still lives; a test passes its own.
 */
export interface HostProbe {
  readonly pid: number;
  hostname(): string;
  now(): Date;
  /** When this host last booted, in ms since the epoch. */
  bootTimeMs(): number;
  isPidAlive(pid: number): boolean;
}

export const systemHostProbe: HostProbe = {
  pid: process.pid,
  hostname: () => os.hostname(),
  now: () => new Date(),
  bootTimeMs: () => Date.now() - os.uptime() * 1000,
  isPidAlive,
};
