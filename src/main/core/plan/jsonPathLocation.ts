import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { tooDeepAt } from './jsonDepth';
import type { PlanPath } from './planIssue';
import { lineAndColumn } from './textPosition';

export type LocatePath = (path: PlanPath) => { line: number; column: number } | null;

/**
 * Finds where a path (`['tasks', 2, 'dependsOn', 0]`) sits in a JSON text, with jsonc-parser's tree: a
 * field's problem points at its name, an element's at the element, and a missing field at the object
 * that lacks it. The text is parsed once, on the first call. Null when the text cannot be read as a tree.
 */
export function pathLocator(text: string): LocatePath {
  let root: ReturnType<typeof parseTree> | null = null;
  let parsed = false;
  return (path) => {
    if (!parsed) {
      parsed = true;
      root = tooDeepAt(text) === null ? parseTree(text, [], { disallowComments: true }) : undefined;
    }
    if (!root) return null;
    for (let length = path.length; length >= 0; length--) {
      const node = findNodeAtLocation(root, [...path.slice(0, length)]);
      if (!node) continue;
      const shown = node.parent?.type === 'property' ? node.parent : node;
      return lineAndColumn(text, shown.offset);
    }
    return null;
  };
}
