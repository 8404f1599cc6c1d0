import { MAX_ID_LENGTH } from '../../../shared/limits';
import { isValidId } from '../../../shared/plan/planId';

/**
 * Turns a foreign identifier (`"db 2"`, `"#3"`, `"Ünïcode"`, `"v1..v2"`) into a valid id, or '' when
 * nothing usable is left: runs of other characters become "-", runs of dots one dot, leading ones are
 * dropped, and so are the endings git refuses in a branch name ("." and ".lock").
 */
export function sanitizeId(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/(?:-|\.|\.lock)+$/, '');
  return isValidId(cleaned) ? cleaned : '';
}

/** `base`, or `base-2`, `base-3`, ... whichever is not taken yet; adds the result to `taken`. */
export function uniqueId(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) {
    const suffix = `-${n}`;
    candidate = `${base.slice(0, MAX_ID_LENGTH - suffix.length)}${suffix}`;
  }
  taken.add(candidate);
  return candidate;
}
