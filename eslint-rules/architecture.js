/**
 * The dependency map of ARCHITECTURE.md as data, read by the rules in this folder. It lives here, not in
 * eslint.config.js, because it is the architecture rather than lint configuration: a change to it is a
 * change to the map, and ARCHITECTURE.md must change with it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so a file's zone is decided by its path inside the repository. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The core's folders by layer: a folder imports its own layer (one way, see below) or lower ones. */
export const CORE_LAYERS = {
  git: 0,
  processes: 0,
  storage: 0,
  events: 0,
  locks: 1,
  plan: 1,
  scheduler: 1,
  resources: 1,
  agents: 1,
  merge: 1,
  terminals: 1,
  runs: 2,
  review: 2,
  conflicts: 2,
  board: 2,
  runners: 2,
  project: 3,
};

export const LAYER_NAMES = ['ground', 'middle', 'upper', 'top'];

/**
 * The imports allowed between two folders of the same layer, each one way (`[importer, imported]`). An
 * edge not listed here is reported; the list itself must be acyclic (checked below when this module
 * loads and by test/architecture), so no two folders ever import each other, directly or round a ring.
 */
export const SAME_LAYER_EDGES = [
  // ground
  ['storage', 'git'], // storage finds `.git/wavelane/` through git's common dir
  ['storage', 'processes'], // a run's owner is stamped with the host probe (pid, host, clock)
  ['git', 'processes'], // a worktree's setup command runs as a process
  // middle
  ['scheduler', 'plan'], // the dispatcher walks the plan's task graph
  ['scheduler', 'locks'], // a task starts only when its locks are free
  ['scheduler', 'resources'], // and the machine has room
  ['merge', 'locks'], // the merge queue holds the target's lock
  ['terminals', 'agents'], // a task's terminal opens at the agent pty's size
  // upper
  ['runs', 'review'], // the run loop hands a finished task to review
  ['board', 'runs'], // the board shows the run's tasks
];

/**
 * Known breaks of the layering that another change in flight removes, each one file and the folder it
 * must stop importing, with who removes it. The rule lets exactly these through so the rest is enforced
 * today; test/architecture checks each entry still matches a real import, so a fixed one must be deleted.
 */
// Empty now: every break found when the rules landed is fixed on main. An entry is { file, imports, why }.
export const PENDING_EXCEPTIONS = [];

/** Core folders that may write files: storage owns state on disk, locks owns the lock files. */
export const WRITER_FOLDERS = ['storage', 'locks'];

/** A cycle in `edges` as a list of nodes (first repeated at the end), or undefined when there is none. */
export function findEdgeCycle(edges) {
  const next = new Map();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map(); // node -> 'open' while on the stack, 'done' once fully explored
  const stack = [];
  const visit = (node) => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const cycle = findEdgeCycle(SAME_LAYER_EDGES);
if (cycle) throw new Error(`eslint-rules/architecture.js: SAME_LAYER_EDGES has a cycle: ${cycle.join(' -> ')}`);
for (const [from, to] of SAME_LAYER_EDGES) {
  if (CORE_LAYERS[from] === undefined || CORE_LAYERS[from] !== CORE_LAYERS[to]) {
    throw new Error(`eslint-rules/architecture.js: SAME_LAYER_EDGES lists ${from} -> ${to}, which is not two folders of one layer`);
  }
}
