import { MAX_ID_LENGTH } from '../../../shared/limits';
import { isValidId as isValidPlanId } from '../../../shared/plan/planId';

/** Room for a `-NN` suffix under the longest id. */
const SLUG_MAX = MAX_ID_LENGTH - 8;

/** A readable id from a title (`Login API` -> `login-api`), unique among `taken`. */
export function slugId(title: string, taken: ReadonlySet<string>, fallback = 'task'): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, SLUG_MAX)
      .replace(/-+$/g, '') || fallback;
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const candidate = `${slug}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The next numbered ADR id (`ADR-001`, `ADR-002`, ...), after the highest one in use. */
export function nextAdrId(taken: Iterable<string>): string {
  let highest = 0;
  for (const id of taken) {
    const match = /^ADR-(\d+)$/i.exec(id);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return `ADR-${String(highest + 1).padStart(3, '0')}`;
}

/** The plan's own id rule (git branch rules included), so the form refuses what the core would. */
export function isValidId(id: string): boolean {
  return isValidPlanId(id);
}

/** Ids typed as a list: separated by commas or white space. */
export function splitIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((part) => part.length > 0))];
}

/** Globs typed one per line (a glob may hold commas, as in `src/{a,b}/**`). */
export function splitLines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0))];
}
