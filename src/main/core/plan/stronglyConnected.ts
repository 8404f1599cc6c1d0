/**
 * Tarjan's strongly connected components, iterative (an explicit stack instead of recursion, so a
 * 10,000-long chain is fine). Only nodes for which `inScope` holds are visited; edges leaving the scope
 * are ignored. Each component comes back with its nodes in ascending order.
 */
export function stronglyConnectedComponents(
  edges: readonly (readonly number[])[],
  nodes: Iterable<number>,
  inScope: (node: number) => boolean,
): number[][] {
  const count = edges.length;
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  const calls: number[] = [];
  const positions: number[] = [];
  let counter = 0;

  const enter = (node: number) => {
    order[node] = counter;
    low[node] = counter;
    counter++;
    stack.push(node);
    onStack[node] = 1;
    calls.push(node);
    positions.push(0);
  };

  for (const root of nodes) {
    if (order[root] !== -1) continue;
    enter(root);
    while (calls.length > 0) {
      const top = calls.length - 1;
      const node = calls[top] as number;
      const targets = edges[node] as readonly number[];
      const position = positions[top] as number;
      if (position < targets.length) {
        positions[top] = position + 1;
        const target = targets[position] as number;
        if (!inScope(target)) continue;
        if (order[target] === -1) enter(target);
        else if (onStack[target]) low[node] = Math.min(low[node] as number, order[target] as number);
        continue;
      }
      calls.pop();
      positions.pop();
      const caller = calls.at(-1);
      if (caller !== undefined) low[caller] = Math.min(low[caller] as number, low[node] as number);
      if (low[node] === order[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components;
}
