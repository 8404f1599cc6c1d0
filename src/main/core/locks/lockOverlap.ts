import type { PlanTask } from '../../../shared/plan/plan';

/**
 * When two lock globs overlap, and when two tasks' locks conflict (the user-facing rules are in docs/locks.md).
 *
 * The spec gives two ways for globs to overlap: (1) some tracked file matches both, or (2) the literal prefix
 * of one is the other's or an ancestor directory of it. Rule 2 implies rule 1: a file matched by a glob
 * always lies at or under that glob's literal prefix (the prefix is the glob's leading segments that contain
 * no pattern syntax, which picomatch matches verbatim), so a file matched by both lies under both prefixes,
 * and two paths that are both ancestors-or-self of one file are ancestor-or-self of each other. Overlap is
 * therefore decided by prefixes alone: no `git ls-files`, no matching, the same answer for files that do not
 * exist yet. lockOverlap.int.test.ts checks that claim with picomatch against a real repository's files.
 */

/**
 * A segment holding any of these is a pattern, not a literal name. They cover picomatch's syntax: wildcards,
 * classes, braces, extglobs (`@(`, `+(` only mean something before a parenthesis), negation and escapes.
 * Counting a rare literal `(` or `!` in a file name as a pattern only makes the prefix shorter (more
 * conservative), never wrong.
 */
const PATTERN_CHARS = /[*?[\]{}()!\\]/;

/** Empty, `.` or `..` segments, or a leading or trailing slash: the globs that need the careful path. */
const ODD_SEGMENTS = /(^|\/)\.{0,2}(\/|$)/;

export type LockMode = 'exclusive' | 'shared';

/** The locks a task holds while it runs: its `files` exclusively, its `reads` shared. */
export interface LockSet {
  readonly exclusive: readonly string[];
  readonly shared: readonly string[];
}

export function lockSetOf(task: Pick<PlanTask, 'files' | 'reads'>): LockSet {
  return { exclusive: task.files ?? [], shared: task.reads ?? [] };
}

export function isEmptyLockSet(locks: LockSet): boolean {
  return locks.exclusive.length === 0 && locks.shared.length === 0;
}

/**
 * The leading path segments of a glob that contain no pattern syntax: `src/auth/**` -> `src/auth`,
 * `src/*.ts` -> `src`, `README.md` -> `README.md`, `**\/*.ts` -> `` (empty: the repository root).
 * `./` and repeated or trailing slashes are ignored; `.`/`..` segments end the prefix.
 */
export function literalPrefix(glob: string): string {
  const firstPattern = glob.search(PATTERN_CHARS);
  // The common case (`src/auth/**`, `README.md`): no odd segments, so the prefix is a plain slice.
  if (!ODD_SEGMENTS.test(glob)) {
    if (firstPattern < 0) return glob;
    const cut = glob.lastIndexOf('/', firstPattern);
    return cut < 0 ? '' : glob.slice(0, cut);
  }
  const literal: string[] = [];
  const segments = glob.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    // `./src` and `src//a` name the same place as `src` and `src/a`; a leading `/` (absolute) stays empty.
    if (segment === '' && i > 0) continue;
    if (segment === '.' && literal.length === 0) continue;
    if (segment === '' || segment === '.' || segment === '..' || PATTERN_CHARS.test(segment)) break;
    literal.push(segment);
  }
  return literal.join('/');
}

/**
 * True when one prefix equals the other or is an ancestor directory of it. The empty prefix is the root,
 * the ancestor of everything: a glob that starts with a pattern (`**\/*.ts`, `*.md`, `{src,lib}/**`)
 * overlaps every other glob. That is conservative on purpose: it may serialize two tasks that could
 * have run together, but it never lets two agents edit the same file at once.
 */
export function prefixesOverlap(a: string, b: string): boolean {
  if (a === '' || b === '' || a === b) return true;
  return a.length < b.length ? b.startsWith(a + '/') : a.startsWith(b + '/');
}

export function globsOverlap(a: string, b: string): boolean {
  return prefixesOverlap(literalPrefix(a), literalPrefix(b));
}

/**
 * The globs of `held` that conflict with `requested`: an exclusive glob on either side against any glob of
 * the other. Shared against shared never conflicts (two readers). Empty means no conflict.
 */
export function conflictingGlobs(held: LockSet, requested: LockSet): string[] {
  const found = new Set<string>();
  for (const glob of held.exclusive) {
    if (requested.exclusive.some((other) => globsOverlap(glob, other)) || requested.shared.some((other) => globsOverlap(glob, other))) {
      found.add(glob);
    }
  }
  for (const glob of held.shared) {
    if (requested.exclusive.some((other) => globsOverlap(glob, other))) found.add(glob);
  }
  return [...found];
}

export function lockSetsConflict(a: LockSet, b: LockSet): boolean {
  return conflictingGlobs(a, b).length > 0;
}
