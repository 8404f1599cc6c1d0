import { describe, expect, it } from 'vitest';
import type { PlanTask } from '../../../shared/plan/plan';
import type { Strategy } from '../../../shared/run/taskStatus';
import { lockSetOf, lockSetsConflict } from '../locks/lockOverlap';
import { mulberry32 } from '../testing/mulberry32';
import { randomWorkload } from './testing/randomWorkload';
import { simulateRun, type SimulatedOutcome, type SimulationResult } from './simulation';
import { testTask as t } from './testTask';

function run(options: Parameters<typeof simulateRun>[0]): SimulationResult {
  const result = simulateRun(options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Checks a whole run against the rules the dispatcher promises. */
function checkInvariants(tasks: readonly PlanTask[], result: SimulationResult, maxParallel: number): void {
  expect(result.maxRunning).toBeLessThanOrEqual(maxParallel);
  const byId = new Map(result.tasks.map((task) => [task.id, task]));
  for (const task of result.tasks) expect(['merged', 'empty', 'failed', 'conflict', 'skipped', 'cancelled']).toContain(task.status);
  const started = tasks.filter((task) => byId.get(task.id)?.startedAt !== null);
  for (const task of started) {
    const self = byId.get(task.id);
    for (const dep of task.dependsOn ?? []) {
      const before = byId.get(dep);
      expect(before?.status, `${task.id} started although ${dep} did not land`).toMatch(/^(merged|empty)$/);
      if (before?.settledAt !== null) expect(before?.settledAt).toBeLessThanOrEqual(self?.startedAt as number);
    }
  }
  // Locks are held from start until the task settles: no two conflicting tasks may overlap in that time.
  for (let i = 0; i < started.length; i++) {
    for (let j = i + 1; j < started.length; j++) {
      const a = started[i] as PlanTask;
      const b = started[j] as PlanTask;
      if (!lockSetsConflict(lockSetOf(a), lockSetOf(b))) continue;
      const x = byId.get(a.id);
      const y = byId.get(b.id);
      const apart = (x?.settledAt as number) <= (y?.startedAt as number) || (y?.settledAt as number) <= (x?.startedAt as number);
      expect(apart, `${a.id} and ${b.id} held conflicting locks at the same time`).toBe(true);
    }
  }
}

describe('simulated runs', () => {
  it('keeps every promise on random workloads, under both strategies', () => {
    let conflictingPairsSeen = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const workload = randomWorkload({ seed, tasks: 80, topDirs: 4, subDirs: 4 });
      const random = mulberry32(seed * 31);
      const outcomes = new Map<string, SimulatedOutcome>(
        workload.tasks.map((task) => {
          const roll = random();
          return [task.id, roll < 0.05 ? 'failed' : roll < 0.08 ? 'conflict' : roll < 0.1 ? 'empty' : 'success'];
        }),
      );
      for (const strategy of ['eager', 'waves'] as Strategy[]) {
        for (const maxParallel of [1, 3, 8]) {
          const result = run({
            tasks: workload.tasks,
            strategy,
            maxParallel,
            runMs: (task) => workload.runMs.get(task.id) as number,
            outcome: (task) => outcomes.get(task.id) ?? 'success',
            mergeMs: 20_000,
          });
          checkInvariants(workload.tasks, result, maxParallel);
          for (const task of result.tasks) {
            if (task.status === 'skipped') expect(task.reason).toMatch(/^dependency /);
          }
        }
      }
      conflictingPairsSeen += workload.tasks.filter((a, i) => workload.tasks.slice(i + 1).some((b) => lockSetsConflict(lockSetOf(a), lockSetOf(b)))).length;
    }
    // The lock invariant must have had something to hold against.
    expect(conflictingPairsSeen).toBeGreaterThan(100);
  });

  it('runs everything one after another with one slot', () => {
    const workload = randomWorkload({ seed: 3, tasks: 30 });
    const result = run({ tasks: workload.tasks, strategy: 'eager', maxParallel: 1, runMs: (task) => workload.runMs.get(task.id) as number });
    const total = [...workload.runMs.values()].reduce((sum, ms) => sum + ms, 0);
    expect(result.makespanMs).toBe(total);
  });

  it('beats the waves strategy when one task in a wave is very long', () => {
    const tasks = [t('long'), t('short1'), t('next1', { dependsOn: ['short1'] }), t('next2', { dependsOn: ['next1'] })];
    const runMs = (task: PlanTask) => (task.id === 'long' ? 100 : 10);
    expect(run({ tasks, strategy: 'eager', maxParallel: 2, runMs }).makespanMs).toBe(100);
    expect(run({ tasks, strategy: 'waves', maxParallel: 2, runMs }).makespanMs).toBe(120);
  });

  it('serializes merges', () => {
    const tasks = [t('a'), t('b'), t('c')];
    const result = run({ tasks, strategy: 'eager', maxParallel: 3, runMs: () => 10, mergeMs: 5 });
    expect(result.tasks.map((task) => task.settledAt)).toEqual([15, 20, 25]);
  });

  it('applies scripted events: a hold, a task joining, and a cancel', () => {
    const tasks = [t('a'), t('b'), t('c'), t('d')];
    const result = run({
      tasks,
      strategy: 'eager',
      maxParallel: 2,
      runMs: () => 100,
      script: [
        { at: 0, event: { type: 'resources', hold: 'memory' } },
        { at: 50, event: { type: 'addTask', task: t('joined', { dependsOn: ['a'], estimateSec: 1000 }) } },
        { at: 150, event: { type: 'resources', hold: null } },
        { at: 260, event: { type: 'cancel' } },
      ],
    });
    const byId = Object.fromEntries(result.tasks.map((task) => [task.id, task]));
    // Held back: one agent at a time (never none) until 150; then the urgent joined task takes the free slot.
    expect(byId['a']).toMatchObject({ startedAt: 0, settledAt: 100, status: 'merged' });
    expect(byId['b']).toMatchObject({ startedAt: 100, settledAt: 200, status: 'merged' });
    expect(byId['joined']).toMatchObject({ startedAt: 150, settledAt: 250, status: 'merged' });
    expect(byId['c']).toMatchObject({ startedAt: 200, settledAt: 260, status: 'cancelled', reason: 'the run was cancelled' });
    expect(byId['d']).toMatchObject({ startedAt: 250, settledAt: 260, status: 'cancelled' });
    expect(result.maxRunning).toBe(2);
    expect(result.makespanMs).toBe(260);
  });

  it('returns a plan error as a value', () => {
    const result = simulateRun({ tasks: [t('a', { dependsOn: ['b'] })], strategy: 'eager', maxParallel: 1, runMs: () => 1 });
    expect(!result.ok && result.error.code).toBe('UNKNOWN_DEPENDENCY');
  });
});
