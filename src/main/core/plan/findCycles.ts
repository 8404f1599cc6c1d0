import { stronglyConnectedComponents } from './stronglyConnected';
import type { TaskGraph } from './taskGraph';

/** Most cycles reported: enough to untangle a plan, and it bounds the work on a pathological graph. */
export const MAX_REPORTED_CYCLES = 20;

interface Component {
  label: number;
  /** Ascending, so the first is the component's earliest task. */
  nodes: number[];
}

export interface CycleReport {
  /** Each cycle as the tasks along it, starting from the one earliest in the plan (`a -> b -> c -> a` is `[a, b, c]`). */
  cycles: string[][];
  /** More cycles exist than were reported. */
  truncated: boolean;
}

/**
 * Every distinct elementary cycle (up to `limit`), each once, ordered by its first task in plan order.
 * Johnson's algorithm, run per strongly connected component, iteratively: between two cycles it does
 * O(nodes + edges) work, so the total is O((n + e) * (limit + 1)) however tangled the plan is, and a
 * plan without cycles costs one linear pass.
 */
export function findCycles(graph: TaskGraph, limit = MAX_REPORTED_CYCLES): CycleReport {
  const edges = graph.edges;
  const count = edges.length;
  // Which pending component a node belongs to (-1: none); a node leaves when it has been a start.
  const label = new Int32Array(count).fill(-1);
  const scopeStamp = new Int32Array(count);
  const pending: Component[] = [];
  let nextLabel = 0;
  let stamp = 0;

  const addComponents = (nodes: readonly number[], inScope: (node: number) => boolean) => {
    for (const component of stronglyConnectedComponents(edges, nodes, inScope)) {
      const first = component[0] as number;
      const cyclic = component.length > 1 || (edges[first] as readonly number[]).includes(first);
      if (!cyclic) continue;
      const id = nextLabel++;
      for (const node of component) label[node] = id;
      pending.push({ label: id, nodes: component });
    }
  };
  addComponents(
    Array.from({ length: count }, (_, i) => i),
    () => true,
  );

  const found: number[][] = [];
  // One more than asked, so `truncated` is known rather than guessed.
  const wanted = limit + 1;
  const blocked = new Uint8Array(count);
  const blockedBy: (Set<number> | undefined)[] = new Array(count);

  while (pending.length > 0 && found.length < wanted) {
    // The component holding the earliest remaining task, so cycles come out in plan order.
    let pick = 0;
    for (let i = 1; i < pending.length; i++) {
      if (firstNode(pending[i]) < firstNode(pending[pick])) pick = i;
    }
    const component = pending[pick] as Component;
    pending[pick] = pending[pending.length - 1] as Component;
    pending.pop();

    const start = component.nodes[0] as number;
    const inComponent = (node: number) => label[node] === component.label;
    for (const node of component.nodes) {
      blocked[node] = 0;
      blockedBy[node] = undefined;
    }
    circuits(start, edges, inComponent, blocked, blockedBy, (cycle) => {
      found.push(cycle);
      return found.length < wanted;
    });

    // Every cycle through `start` is known; the rest of the component may still hold others.
    for (const node of component.nodes) label[node] = -1;
    stamp++;
    const rest = component.nodes.slice(1);
    for (const node of rest) scopeStamp[node] = stamp;
    const restStamp = stamp;
    addComponents(rest, (node) => scopeStamp[node] === restStamp);
  }

  return {
    cycles: found.slice(0, limit).map((cycle) => cycle.map((node) => graph.ids[node] as string)),
    truncated: found.length > limit,
  };
}

function firstNode(component: Component | undefined): number {
  return component?.nodes[0] ?? Number.MAX_SAFE_INTEGER;
}

/** Johnson's CIRCUIT from `start`, iterative; `emit` returns false to stop the search. */
function circuits(
  start: number,
  edges: readonly (readonly number[])[],
  inComponent: (node: number) => boolean,
  blocked: Uint8Array,
  blockedBy: (Set<number> | undefined)[],
  emit: (cycle: number[]) => boolean,
): void {
  const unblock = (node: number) => {
    const work = [node];
    for (let current = work.pop(); current !== undefined; current = work.pop()) {
      if (!blocked[current]) continue;
      blocked[current] = 0;
      const waiters = blockedBy[current];
      if (!waiters) continue;
      for (const waiter of waiters) work.push(waiter);
      waiters.clear();
    }
  };

  // `path` is both the current path and the DFS stack.
  const path = [start];
  const positions = [0];
  const closed = [false];
  blocked[start] = 1;
  while (path.length > 0) {
    const top = path.length - 1;
    const node = path[top] as number;
    const targets = edges[node] as readonly number[];
    const position = positions[top] as number;
    if (position < targets.length) {
      positions[top] = position + 1;
      const target = targets[position] as number;
      if (!inComponent(target)) continue;
      if (target === start) {
        if (!emit(path.slice())) return;
        closed[top] = true;
      } else if (!blocked[target]) {
        blocked[target] = 1;
        path.push(target);
        positions.push(0);
        closed.push(false);
      }
      continue;
    }
    const closedHere = closed[top] as boolean;
    if (closedHere) {
      unblock(node);
    } else {
      for (const target of targets) {
        if (!inComponent(target)) continue;
        let waiters = blockedBy[target];
        if (!waiters) blockedBy[target] = waiters = new Set();
        waiters.add(node);
      }
    }
    path.pop();
    positions.pop();
    closed.pop();
    if (closedHere && top > 0) closed[top - 1] = true;
  }
}

/** `a -> b -> c -> a`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.length === 0 ? '' : [...cycle, cycle[0]].join(' -> ');
}
