import type { PlanTask } from '../../../../shared/plan/plan';
import { mulberry32 } from '../../testing/mulberry32';

/** A small seeded PRNG, so random-graph tests are reproducible from their seed. */
export const seededRandom = mulberry32;

/**
 * `count` tasks whose dependencies always point to tasks of lower rank (so the graph is acyclic), listed
 * in a shuffled plan order so edges point both forwards and backwards in the file.
 */
export function randomDagTasks(count: number, maxDependencies: number, seed: number): PlanTask[] {
  const random = seededRandom(seed);
  const byRank: PlanTask[] = [];
  for (let rank = 0; rank < count; rank++) {
    const dependsOn = new Set<string>();
    const wanted = rank === 0 ? 0 : Math.floor(random() * (maxDependencies + 1));
    for (let k = 0; k < wanted; k++) dependsOn.add(`t${Math.floor(random() * rank)}`);
    byRank.push({ id: `t${rank}`, title: `Task ${rank}`, prompt: 'p', dependsOn: [...dependsOn] });
  }
  for (let i = byRank.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [byRank[i], byRank[j]] = [byRank[j] as PlanTask, byRank[i] as PlanTask];
  }
  return byRank;
}

/** A chain of `count` tasks where each depends on the next one listed: depth-first search goes `count` deep. */
export function chainTasks(count: number): PlanTask[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${i}`,
    title: `Chain ${i}`,
    prompt: 'p',
    dependsOn: i + 1 < count ? [`c${i + 1}`] : [],
  }));
}
