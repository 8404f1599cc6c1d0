import type { ResourceReading } from '../../../shared/board/board';

/**
 * Decides whether new agents should wait for the machine. It only ever holds back new starts (running
 * agents are never killed), never holds back the first agent (agents mostly wait on remote models, so a
 * busy machine must still make progress), and reads CPU use from sampled deltas rather than the load
 * average, which lags by minutes and would throttle agents long after a burst is over.
 */

/** One reading: CPU busy share over the interval since the previous reading, and free memory share (both 0..1). */
export interface ResourceSample {
  cpuBusy: number;
  memoryFree: number;
}

export type ResourceSampler = () => ResourceSample;

export type ResourceHold = 'memory' | 'cpu';

/** Under 15% free, another agent (often a Node toolchain of its own) risks swapping or the OOM killer. */
export const MEMORY_FREE_MIN = 0.15;
/** Above 90% the CPUs are saturated; below it they still have room for one more mostly idle agent. */
export const CPU_BUSY_MAX = 0.9;
/** CPUs must be saturated this long: a short burst (an install, a build) is no reason to wait. */
export const CPU_BUSY_WINDOW_MS = 10_000;
/** Readings closer than this reuse the last one: CPU deltas over a few milliseconds are noise. */
export const MIN_SAMPLE_INTERVAL_MS = 500;

export interface ResourceMonitorOptions {
  sampler: ResourceSampler;
  now: () => number;
  /** False turns the guard off (`--no-resource-guard`, or the app setting). */
  enabled?: boolean;
}

export class ResourceMonitor {
  private readonly sampler: ResourceSampler;
  private readonly now: () => number;
  private guard: boolean;
  private last: ResourceSample | null = null;
  private lastAt: number | null = null;
  /** Start of the unbroken stretch of readings above CPU_BUSY_MAX, or null. */
  private busySince: number | null = null;

  constructor(options: ResourceMonitorOptions) {
    this.sampler = options.sampler;
    this.now = options.now;
    this.guard = options.enabled ?? true;
  }

  get enabled(): boolean {
    return this.guard;
  }

  setEnabled(enabled: boolean): void {
    this.guard = enabled;
  }

  /**
   * Takes a reading (unless the last one is very recent) and says whether a new agent should wait, given
   * how many run now. Memory wins over CPU when both are short, since it is the one that can crash things.
   */
  hold(runningCount: number): ResourceHold | null {
    this.sample();
    if (!this.guard || runningCount === 0 || !this.last) return null;
    if (this.last.memoryFree < MEMORY_FREE_MIN) return 'memory';
    if (this.busySince !== null && (this.lastAt as number) - this.busySince >= CPU_BUSY_WINDOW_MS) return 'cpu';
    return null;
  }

  /** The latest reading, taking a new one if the last is older than MIN_SAMPLE_INTERVAL_MS. */
  sample(): ResourceSample | null {
    const at = this.now();
    if (this.lastAt !== null && at - this.lastAt < MIN_SAMPLE_INTERVAL_MS) return this.last;
    const raw = this.sampler();
    // A reading that is not a number tells us nothing; it must neither hold nor release anything.
    if (!Number.isFinite(raw.cpuBusy) || !Number.isFinite(raw.memoryFree)) return this.last;
    const reading = { cpuBusy: clamp(raw.cpuBusy), memoryFree: clamp(raw.memoryFree) };
    if (reading.cpuBusy > CPU_BUSY_MAX) {
      // The reading covers the time since the previous one, so the busy stretch began back then.
      this.busySince ??= this.lastAt ?? at;
    } else {
      this.busySince = null;
    }
    this.last = reading;
    this.lastAt = at;
    return reading;
  }

  /** The latest reading in percent, for the run's status; null before the first one. */
  reading(): ResourceReading | null {
    if (!this.last) return null;
    return { cpuPercent: Math.round(this.last.cpuBusy * 100), memoryFreePercent: Math.round(this.last.memoryFree * 100) };
  }
}

/** The words the status shows while a hold stops a start. */
export function holdReasonText(hold: ResourceHold): string {
  return `waiting: ${hold}`;
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
