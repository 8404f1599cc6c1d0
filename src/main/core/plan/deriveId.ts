import { ID_PATTERN } from '../../../shared/plan/plan';

/** Longest id the id pattern allows. */
const MAX_ID_LENGTH = 64;

/**
 * Turns a foreign identifier (`"db 2"`, `"#3"`, `"Ünïcode"`) into one that matches the id pattern, or
 * '' when nothing usable is left: runs of other characters become "-", leading ones are dropped.
 */
export function sanitizeId(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/, '');
  return ID_PATTERN.test(cleaned) ? cleaned : '';
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
