import { MAX_ID_LENGTH } from '../limits';
import { branchComponentProblem } from './branchComponent';

/**
 * Ids of objectives, ADRs, tasks and agent profiles: letters, digits, ".", "_" and "-", starting with a
 * letter or a digit, at most MAX_ID_LENGTH long. A task's id also names its branch (`wavelane/<id>`) and
 * its worktree folder, so every id must also be a valid git branch component (no "..", no trailing "."
 * or ".lock"); one rule for every kind keeps the board and the plan format simple.
 */
export const ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_ID_LENGTH - 1}}$`);

/** Ids quoted in messages are cut to this length (a pasted paragraph must not flood the message). */
const MAX_QUOTED_ID = 40;

/** Why `id` is not a valid id (a sentence naming it), or null when it is. */
export function idProblem(id: string): string | null {
  if (id === '') return 'is empty; an id is needed';
  if (!ID_PATTERN.test(id)) {
    if (id.length > MAX_ID_LENGTH) return `${quoteId(id)} is ${id.length} characters long; an id has at most ${MAX_ID_LENGTH}`;
    if (!/^[A-Za-z0-9]/.test(id)) return `${quoteId(id)} must start with a letter or a digit`;
    const bad = [...id].find((ch) => !/[A-Za-z0-9._-]/.test(ch));
    return `${quoteId(id)} contains ${JSON.stringify(bad)}; ids use only letters, digits, ".", "_" and "-"`;
  }
  const branch = branchComponentProblem(id);
  return branch === null ? null : `${quoteId(id)} ${branch}, so it cannot name a git branch (wavelane/<id>)`;
}

export function isValidId(id: string): boolean {
  return idProblem(id) === null;
}

/** `"login-api"`, cut to MAX_QUOTED_ID characters. */
export function quoteId(id: string): string {
  return JSON.stringify(id.length > MAX_QUOTED_ID ? `${id.slice(0, MAX_QUOTED_ID - 1)}…` : id);
}
