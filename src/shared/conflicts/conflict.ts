/**
 * A merge conflict as the resolution dialog shows it, and the review of a finished task. Types only; the
 * core (src/main/core/conflicts) computes them from git.
 */

export type ConflictKind = 'text' | 'binary' | 'modify-delete' | 'rename' | 'add-add' | 'other';

/** How the user settled one file. */
export type FileResolution =
  /** The edited text of the result (no conflict markers may remain). */
  | { kind: 'content'; text: string }
  /** The target's version ("ours": what landed meanwhile), or its deletion. */
  | { kind: 'ours' }
  /** The task's version ("theirs"), or its deletion. */
  | { kind: 'theirs' }
  /** Delete the file in the result (delete-versus-modify). */
  | { kind: 'delete' };

export interface ConflictFile {
  path: string;
  kind: ConflictKind;
  /** Binary files are chosen whole (ours or theirs); their contents are not sent. */
  binary: boolean;
  /** File contents (UTF-8) at the merge base, on the target ("ours") and on the task branch ("theirs"); null where the file does not exist. */
  base: string | null;
  ours: string | null;
  theirs: string | null;
  /** The proposed result: git's merge with conflict markers, or the agent's or user's resolution. */
  result: string | null;
  /** Conflict hunks left in `result` (0 when resolved). */
  hunksLeft: number;
  /** The user's (or agent's) settled choice, or null while unresolved. */
  resolution: FileResolution | null;
  /** Who settled it: shown beside the file so an agent's work is reviewed, file by file. */
  resolvedBy: 'user' | 'agent' | null;
  /** For renames: the other path involved, when known. */
  renamedFrom?: string | null;
}

export type ConflictPhase = 'open' | 'agent-running' | 'completing' | 'completed' | 'aborted';

export interface ConflictSession {
  taskId: string;
  title: string;
  /** The task branch (short name) and the target branch. */
  branch: string;
  target: string;
  /** The commits being merged: the target's head and the task branch's head when the dialog opened. */
  oursCommit: string;
  theirsCommit: string;
  phase: ConflictPhase;
  files: ConflictFile[];
  /** The agent working on it (Ask agent to resolve), when one runs. */
  agent: string | null;
  /** Why the last step failed, if it did (e.g. the merge queue found a new conflict). */
  message: string | null;
}
