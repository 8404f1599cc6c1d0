import { describe, expect, it } from 'vitest';
import { findCycles, formatCycle } from './findCycles';
import { TaskGraph } from './taskGraph';
import { seededRandom } from './testing/testPlans';

/** Reference: every elementary cycle by brute force, each rotated to start at its earliest task. */
function bruteForceCycles(graph: TaskGraph): string[][] {
  const found: number[][] = [];
  const n = graph.ids.length;
  for (let start = 0; start < n; start++) {
    const walk = (node: number, path: number[]) => {
      for (const next of graph.edges[node]!) {
        if (next === start) found.push([...path]);
        else if (next > start && !path.includes(next)) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return found.map((cycle) => cycle.map((node) => graph.ids[node]!));
}

function randomGraph(nodes: number, edgeChance: number, seed: number): TaskGraph {
  const random = seededRandom(seed);
  const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
  return TaskGraph.of(ids.map((id) => ({ id, dependsOn: ids.filter(() => random() < edgeChance) })));
}

describe('findCycles', () => {
  it('finds nothing in an acyclic graph', () => {
    const graph = TaskGraph.of([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }, { id: 'c', dependsOn: ['a', 'b'] }]);
    expect(findCycles(graph)).toEqual({ cycles: [], truncated: false });
  });

  it('finds exactly the elementary cycles brute force finds, ordered by their first task', () => {
    let total = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const graph = randomGraph(7, 0.3, seed);
      const expected = bruteForceCycles(graph);
      const { cycles, truncated } = findCycles(graph, 10_000);
      expect(truncated).toBe(false);
      expect(cycles.map(formatCycle).sort()).toEqual(expected.map(formatCycle).sort());
      const starts = cycles.map((cycle) => graph.indexOf(cycle[0]!)!);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      for (const cycle of cycles) {
        expect(Math.min(...cycle.map((id) => graph.indexOf(id)!))).toBe(graph.indexOf(cycle[0]!));
      }
      total += cycles.length;
    }
    expect(total).toBeGreaterThan(100);
  });

  it('stops at the limit and says more exist only when they do', () => {
    const graph = randomGraph(7, 0.6, 7);
    const all = findCycles(graph, 10_000).cycles;
    expect(all.length).toBeGreaterThan(5);
    expect(findCycles(graph, 5)).toEqual({ cycles: all.slice(0, 5), truncated: true });
    expect(findCycles(graph, all.length)).toEqual({ cycles: all, truncated: false });
  });

  it('formats a cycle as a closed path', () => {
    expect(formatCycle(['a', 'b', 'c'])).toBe('a -> b -> c -> a');
    expect(formatCycle(['a'])).toBe('a -> a');
  });
});
