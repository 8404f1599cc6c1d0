import { performance } from 'node:perf_hooks';
import type { PlanTask } from '../src/shared/plan/plan';
import { loadPlanText } from '../src/main/core/plan/loadPlan';
import { lockSetOf, lockSetsConflict, type LockSet } from '../src/main/core/locks/lockOverlap';
import { TaskGraph } from '../src/main/core/plan/taskGraph';
import { randomWorkload } from '../src/main/core/scheduler/testing/randomWorkload';
import { findConflicts, wavesOfGraph } from '../src/main/core/scheduler/waves';
import { markdownTable, median, runHeader, writeSection } from './resultsFile';

/**
 * Planning speed: a 10,000-task plan with a random DAG and random file globs, from plan text to the wave
 * preview (parse and validate, build the scheduler's graph with its cycle check, compute waves, reasons,
 * critical path and the conflict list). Target: under 200 ms. The baseline, measured in the same run, is
 * the same wave computation with a plain pairwise lock check instead of the prefix-tree lock table.
 *
 * Usage: node bench/runTs.mjs bench/planning.bench.ts [--tasks N] [--runs N] [--seed N] [--no-write]
 */

const TARGET_MS = 200;
/** Timed repetitions per phase; the median is reported. Enough to shrug off GC pauses and a busy neighbour. */
const DEFAULT_RUNS = 15;
/** Untimed rounds first, so the JIT has compiled the hot paths before timing starts. */
const WARMUP_RUNS = 2;
/** Timed rounds of the slow pairwise baseline. */
const BASELINE_RUNS = 3;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** The rule of the wave preview with every lock check done pairwise against the tasks already in the wave. */
function pairwiseWaves(graph: TaskGraph<PlanTask>): string[][] {
  const waitingOn = new Array<number>(graph.size).fill(0);
  let candidates: number[] = [];
  for (let index = 0; index < graph.size; index++) {
    waitingOn[index] = graph.deps(index).length;
    if (waitingOn[index] === 0) candidates.push(index);
  }
  const locks = graph.tasks().map((task) => lockSetOf(task));
  const waves: string[][] = [];
  while (candidates.length > 0) {
    const placed: number[] = [];
    const deferred: number[] = [];
    const inWave: LockSet[] = [];
    for (const index of candidates) {
      const mine = locks[index] as LockSet;
      if (inWave.some((other) => lockSetsConflict(other, mine))) {
        deferred.push(index);
      } else {
        placed.push(index);
        inWave.push(mine);
      }
    }
    const freed: number[] = [];
    for (const index of placed) {
      for (const dependent of graph.dependents(index)) {
        waitingOn[dependent] = (waitingOn[dependent] as number) - 1;
        if (waitingOn[dependent] === 0) freed.push(dependent);
      }
    }
    waves.push(placed.map((index) => graph.task(index).id));
    candidates = [...deferred, ...freed].sort((a, b) => a - b);
  }
  return waves;
}

export async function main(args: string[]): Promise<void> {
  const taskCount = option(args, 'tasks', 10_000);
  const runs = option(args, 'runs', DEFAULT_RUNS);
  const seed = option(args, 'seed', 1);
  const shape = { seed, tasks: taskCount, dependencyWindow: 500, topDirs: 40, subDirs: 25, rootGlobChance: 0.002 };
  const { tasks } = randomWorkload(shape);
  const text = JSON.stringify({ version: 1, tasks });

  const phases = { validate: [] as number[], graph: [] as number[], waves: [] as number[], conflicts: [] as number[], total: [] as number[], baseline: [] as number[] };
  /** The very first round: what a one-shot `wavelane plan` pays, before the JIT has optimized anything. */
  let cold = { validate: 0, graph: 0, waves: 0, conflicts: 0, total: 0, baseline: 0 };
  let summary = { waves: 0, largestWave: 0, conflicts: 0, criticalPath: 0 };
  for (let round = 0; round < WARMUP_RUNS + runs; round++) {
    const loaded = time(() => loadPlanText(text));
    if (!loaded.value.ok) throw new Error(`the generated plan is invalid: ${loaded.value.error.message}`);
    const planTasks: PlanTask[] = loaded.value.value.plan.tasks;
    const built = time(() => TaskGraph.build(planTasks));
    if (!built.value.ok) throw new Error(built.value.error.message);
    const graph = built.value.value;
    const preview = time(() => wavesOfGraph(graph));
    const conflicts = time(() => findConflicts(preview.value));
    // The baseline takes seconds; a few rounds of it are plenty for a median.
    const timeBaseline = round === 0 || (round >= WARMUP_RUNS && round < WARMUP_RUNS + BASELINE_RUNS);
    const baseline = timeBaseline ? time(() => pairwiseWaves(graph)) : null;
    if (baseline && JSON.stringify(baseline.value) !== JSON.stringify(preview.value.waves)) {
      throw new Error('the pairwise baseline disagrees with wavesOfGraph');
    }
    if (round === 0) {
      const total = loaded.ms + built.ms + preview.ms + conflicts.ms;
      cold = { validate: loaded.ms, graph: built.ms, waves: preview.ms, conflicts: conflicts.ms, total, baseline: baseline?.ms ?? 0 };
    }
    if (round < WARMUP_RUNS) continue;
    phases.validate.push(loaded.ms);
    phases.graph.push(built.ms);
    phases.waves.push(preview.ms);
    phases.conflicts.push(conflicts.ms);
    phases.total.push(loaded.ms + built.ms + preview.ms + conflicts.ms);
    if (baseline) phases.baseline.push(baseline.ms);
    summary = {
      waves: preview.value.waves.length,
      largestWave: Math.max(...preview.value.waves.map((wave) => wave.length)),
      conflicts: conflicts.value.length,
      criticalPath: preview.value.criticalPath.length,
    };
  }

  const ms = (values: number[]) => median(values).toFixed(1);
  const deps = tasks.reduce((sum, task) => sum + (task.dependsOn?.length ?? 0), 0);
  const globs = tasks.reduce((sum, task) => sum + (task.files?.length ?? 0) + (task.reads?.length ?? 0), 0);
  const total = median(phases.total);
  const table = markdownTable(
    ['phase', 'first run ms', 'median ms after warm-up'],
    [
      ['parse + validate (core/plan `loadPlanText`, includes its cycle check)', cold.validate.toFixed(1), ms(phases.validate)],
      ['scheduler graph + cycle check (`TaskGraph.build`)', cold.graph.toFixed(1), ms(phases.graph)],
      ['waves + reasons + critical path (`wavesOfGraph`)', cold.waves.toFixed(1), ms(phases.waves)],
      ['conflict list (`findConflicts`)', cold.conflicts.toFixed(1), ms(phases.conflicts)],
      [`**total** (target < ${TARGET_MS} ms)`, `**${cold.total.toFixed(1)}**`, `**${total.toFixed(1)}**`],
      [`baseline: waves with pairwise lock checks (median of ${Math.min(runs, BASELINE_RUNS)})`, cold.baseline.toFixed(1), ms(phases.baseline)],
    ],
  );
  const ratio = median(phases.baseline) / median(phases.waves);
  const markdown = [
    runHeader('Planning', `node bench/runTs.mjs bench/planning.bench.ts${args.length ? ' ' + args.join(' ') : ''}`),
    `Plan: ${taskCount} tasks (seed ${seed}), ${deps} dependency edges (each on up to 3 of the previous ${shape.dependencyWindow} tasks), ` +
      `${globs} globs over ${shape.topDirs}x${shape.subDirs} directories; ${summary.waves} waves (largest ${summary.largestWave}), ` +
      `${summary.conflicts} lock conflicts, critical path of ${summary.criticalPath} tasks. Median of ${runs} runs after ${WARMUP_RUNS} warm-up runs.`,
    '',
    table,
    '',
    `Wave computation with the lock table is ${ratio.toFixed(1)}x the speed of the pairwise baseline (same waves, checked). ` +
      `Total after warm-up ${total.toFixed(1)} ms: ${total < TARGET_MS ? 'meets' : 'MISSES'} the ${TARGET_MS} ms target; ` +
      `the first, unoptimized run (a one-shot \`wavelane plan\`) takes ${cold.total.toFixed(1)} ms.`,
  ].join('\n');
  console.log(markdown);
  if (!args.includes('--no-write')) await writeSection('planning', markdown);
}
