import type { PlanTask } from '../../../../shared/plan/plan';
import { mulberry32 } from '../../testing/mulberry32';

/**
 * Seeded random plans for benchmarks and invariant tests: a random DAG (each task depends on a few
 * earlier ones), file footprints drawn from a small directory tree so that some overlap, and log-normal
 * agent durations, optionally with a few very long tasks ("skewed"). The same seed gives the same plan.
 */

/** A standard normal draw (Box-Muller). */
export function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median; `sigma` is the spread of its logarithm. */
export function logNormal(random: () => number, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

export interface WorkloadOptions {
  seed: number;
  tasks: number;
  /** Chance that a task has dependencies at all, and the most it has. */
  dependencyChance: number;
  maxDeps: number;
  /** Dependencies are drawn among this many tasks just before (plans are written roughly in order). */
  dependencyWindow: number;
  /** The directory tree footprints are drawn from: `d<i>/s<j>/...`. */
  topDirs: number;
  subDirs: number;
  /** Chance that a task declares no `files` (and no `reads`): it holds no locks. */
  lockFreeChance: number;
  /** Chance of a `reads` glob with no literal prefix (`**\/*.md`), which conflicts with every writer. */
  rootGlobChance: number;
  medianMs: number;
  /** Spread of log(duration); 1 is already wide. */
  sigma: number;
  /** Share of tasks made `longFactor` times longer: the skewed workloads. */
  longShare: number;
  longFactor: number;
  /** Spread of log(estimate / true duration) given as `estimateSec`; null: no estimates at all. */
  estimateNoise: number | null;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  seed: 1,
  tasks: 200,
  dependencyChance: 0.6,
  maxDeps: 3,
  dependencyWindow: 30,
  topDirs: 8,
  subDirs: 8,
  lockFreeChance: 0.15,
  rootGlobChance: 0,
  medianMs: 5 * 60_000,
  sigma: 0.6,
  longShare: 0,
  longFactor: 1,
  estimateNoise: 0.3,
};

export interface Workload {
  tasks: PlanTask[];
  /** How long each agent really takes (ms), by task id. */
  runMs: Map<string, number>;
}

export function randomWorkload(overrides: Partial<WorkloadOptions> = {}): Workload {
  const options = { ...DEFAULT_WORKLOAD, ...overrides };
  // Footprints draw from their own stream, so the same seed gives the same DAG and durations whatever
  // the lock settings: a comparison with and without locks compares like with like.
  const random = mulberry32(options.seed);
  const randomLocks = mulberry32(options.seed ^ 0x9e3779b9);
  const pick = (count: number) => Math.floor(random() * count);
  const pickLock = (count: number) => Math.floor(randomLocks() * count);
  const dir = () => `d${pickLock(options.topDirs)}`;
  const glob = (): string => {
    const roll = randomLocks();
    if (roll < 0.45) return `${dir()}/s${pickLock(options.subDirs)}/**`;
    if (roll < 0.9) return `${dir()}/s${pickLock(options.subDirs)}/f${pickLock(20)}.ts`;
    return `${dir()}/*.ts`;
  };
  const tasks: PlanTask[] = [];
  const runMs = new Map<string, number>();
  for (let index = 0; index < options.tasks; index++) {
    const id = `t${index + 1}`;
    const task: PlanTask = { id, title: `Task ${index + 1}`, prompt: `Do part ${index + 1}.` };
    if (index > 0 && random() < options.dependencyChance) {
      const deps = new Set<string>();
      const count = 1 + pick(options.maxDeps);
      const from = Math.max(0, index - options.dependencyWindow);
      for (let n = 0; n < count; n++) deps.add(`t${from + pick(index - from) + 1}`);
      task.dependsOn = [...deps];
    }
    if (randomLocks() >= options.lockFreeChance) {
      task.files = Array.from({ length: 1 + pickLock(2) }, glob);
      const reads = Array.from({ length: pickLock(2) }, glob);
      if (randomLocks() < options.rootGlobChance) reads.push('**/*.md');
      if (reads.length > 0) task.reads = reads;
    }
    let duration = logNormal(random, options.medianMs, options.sigma);
    if (random() < options.longShare) duration *= options.longFactor;
    runMs.set(id, Math.round(duration));
    if (options.estimateNoise !== null) {
      task.estimateSec = Math.round(logNormal(random, duration, options.estimateNoise)) / 1000;
    }
    tasks.push(task);
  }
  return { tasks, runMs };
}
