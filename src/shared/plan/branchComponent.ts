/**
 * Git's rules for a reference name, applied to one slash-separated component that is the last component
 * of a branch name (`wavelane/<component>`). The rule list is `git help check-ref-format` (DESCRIPTION,
 * "Git imposes the following rules on how references are named"); each check below names its rule number.
 * Pure: the shared layer runs no git, and a test cross-checks this against the real `git check-ref-format`.
 */

/** Why `component` cannot be the last component of a branch name, or null when it can. */
export function branchComponentProblem(component: string): string | null {
  if (component === '') return 'is empty';
  // Rule 6 (no empty components, no leading or trailing slash): a component holds no slash at all.
  if (component.includes('/')) return 'contains "/"';
  // Rule 1: no component begins with a dot or ends with `.lock`.
  if (component.startsWith('.')) return 'starts with "."';
  if (component.endsWith('.lock')) return 'ends with ".lock"';
  // Rule 3: no two consecutive dots anywhere.
  if (component.includes('..')) return 'contains ".."';
  // Rule 7: a reference cannot end with a dot (and this component ends the branch name).
  if (component.endsWith('.')) return 'ends with "."';
  // Rule 8: no `@{` (reflog syntax).
  if (component.includes('@{')) return 'contains "@{"';
  for (const ch of component) {
    const code = ch.charCodeAt(0);
    // Rule 4: no ASCII control characters (below 040 octal, or 0177 DEL).
    if (code < 0o40 || code === 0o177) return `contains the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
    // Rule 4: no space, `~`, `^`, `:`; rule 5: no `?`, `*`, `[`; rule 10: no backslash.
    if (' ~^:?*[\\'.includes(ch)) return `contains ${JSON.stringify(ch)}`;
  }
  // Rule 9 (not the single character `@`) and rule 2 (at least one slash) concern the whole name, which
  // here is `wavelane/<component>`: both always hold.
  return null;
}
