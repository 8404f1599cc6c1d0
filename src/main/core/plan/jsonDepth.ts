import { createScanner } from 'jsonc-parser';

/**
 * Deepest nesting jsonc-parser is given: a plan nests five levels, and the parser recurses once per level,
 * so text nested far deeper (`[[[[...`) would overflow the stack instead of being reported.
 */
export const MAX_JSON_DEPTH = 512;

/** The offset of the bracket that opens level MAX_JSON_DEPTH + 1, or null when the text stays shallower. Iterative. */
export function tooDeepAt(text: string): number | null {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (scanner.scan(); scanner.getTokenOffset() < text.length && scanner.getTokenLength() > 0; scanner.scan()) {
    const c = text[scanner.getTokenOffset()];
    if (c === '{' || c === '[') {
      depth++;
      if (depth > MAX_JSON_DEPTH) return scanner.getTokenOffset();
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return null;
}
