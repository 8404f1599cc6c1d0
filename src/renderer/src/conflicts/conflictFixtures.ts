import type { ConflictFile, ConflictSession } from '../../../shared/conflicts/conflict';

/** Builders of conflict values for tests and visual checks: every field the contract requires, overridable. */

export function conflictFile(path: string, extra: Partial<ConflictFile> = {}): ConflictFile {
  return {
    path,
    kind: 'text',
    binary: false,
    base: 'one\ntwo\nthree\n',
    ours: 'one\nTWO main\nthree\n',
    theirs: 'one\nTWO task\nthree\n',
    result: 'one\n<<<<<<< main\nTWO main\n=======\nTWO task\n>>>>>>> wavelane/t1\nthree\n',
    hunksLeft: 1,
    resolution: null,
    resolvedBy: null,
    ...extra,
  };
}

export function conflictSession(files: ConflictFile[], extra: Partial<ConflictSession> = {}): ConflictSession {
  return {
    taskId: 't1',
    title: 'Task t1',
    branch: 'wavelane/t1',
    target: 'main',
    oursCommit: '1111111111111111111111111111111111111111',
    theirsCommit: '2222222222222222222222222222222222222222',
    phase: 'open',
    files,
    agent: null,
    message: null,
    ...extra,
  };
}

/** The same file settled by someone: its result is the resolution's text (or null when chosen whole). */
export function resolved(file: ConflictFile, by: 'user' | 'agent', text: string | null = null): ConflictFile {
  return {
    ...file,
    result: text ?? file.result,
    hunksLeft: 0,
    resolution: text !== null ? { kind: 'content', text } : { kind: 'ours' },
    resolvedBy: by,
  };
}
