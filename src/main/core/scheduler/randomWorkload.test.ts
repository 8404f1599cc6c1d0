import { describe, expect, it } from 'vitest';
import { TaskGraph } from '../plan/taskGraph';
import { mulberry32 } from '../testing/mulberry32';
import { logNormal, randomWorkload } from './testing/randomWorkload';

describe('randomWorkload', () => {
  it('gives the same plan for the same seed and another for another seed', () => {
    expect(randomWorkload({ seed: 5, tasks: 50 })).toEqual(randomWorkload({ seed: 5, tasks: 50 }));
    expect(randomWorkload({ seed: 6, tasks: 50 }).tasks).not.toEqual(randomWorkload({ seed: 5, tasks: 50 }).tasks);
  });

  it('builds a valid DAG whose tasks only depend on earlier ones', () => {
    const { tasks } = randomWorkload({ seed: 2, tasks: 300 });
    expect(TaskGraph.build(tasks).ok).toBe(true);
    const position = new Map(tasks.map((task, index) => [task.id, index]));
    for (const [index, task] of tasks.entries()) {
      for (const dep of task.dependsOn ?? []) expect(position.get(dep)).toBeLessThan(index);
    }
    expect(tasks.filter((task) => task.dependsOn).length).toBeGreaterThan(100);
  });

  it('keeps the DAG and durations when only the footprints change', () => {
    const locked = randomWorkload({ seed: 9, tasks: 80 });
    const free = randomWorkload({ seed: 9, tasks: 80, lockFreeChance: 1 });
    expect(free.runMs).toEqual(locked.runMs);
    expect(free.tasks.map((task) => task.dependsOn)).toEqual(locked.tasks.map((task) => task.dependsOn));
    expect(free.tasks.every((task) => !task.files && !task.reads)).toBe(true);
    expect(locked.tasks.filter((task) => task.files).length).toBeGreaterThan(50);
  });

  it('makes a few tasks much longer in a skewed workload', () => {
    const plain = randomWorkload({ seed: 4, tasks: 400 });
    const skewed = randomWorkload({ seed: 4, tasks: 400, longShare: 0.05, longFactor: 10 });
    const longer = [...skewed.runMs].filter(([id, ms]) => ms > (plain.runMs.get(id) as number) * 9).length;
    expect(longer).toBeGreaterThan(5);
    expect(longer).toBeLessThan(50);
  });

  it('draws log-normal durations around the median', () => {
    const random = mulberry32(1);
    const draws = Array.from({ length: 4001 }, () => logNormal(random, 100, 0.6)).sort((a, b) => a - b);
    expect(draws[0]).toBeGreaterThan(0);
    expect(draws[2000]).toBeGreaterThan(90);
    expect(draws[2000]).toBeLessThan(110);
  });
});
