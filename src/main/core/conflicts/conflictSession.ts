import type { ConflictFile, ConflictPhase, ConflictSession, FileResolution } from '../../../shared/conflicts/conflict';
import { countHunks } from './conflictMarkers';
import { sameStages } from './conflictStages';
import type { OpenedConflict } from './openConflict';
import type { StoredFile } from '../storage/resolutionStore';

export interface SessionMeta {
  taskId: string;
  title: string;
  branch: string;
  target: string;
  phase: ConflictPhase;
  agent: string | null;
  message: string | null;
}

/**
 * The dialog's view of a conflict: git's files with the stored resolutions laid over them. A stored
 * resolution made against other versions of a file (the target moved since) does not apply and is
 * listed in `stale`, for the caller to drop. An agent's unfinished file shows its text as the result,
 * with `resolvedBy: 'agent'` and no resolution yet.
 */
export function conflictSession(
  opened: OpenedConflict,
  stored: (file: string) => StoredFile | undefined,
  meta: SessionMeta,
): { session: ConflictSession; stale: string[] } {
  const stale: string[] = [];
  const files = opened.files.map((file): ConflictFile => {
    const entry = stored(file.path);
    const versions = opened.stages.get(file.path);
    if (!entry || !versions) return file;
    if (!sameStages(entry.stages, versions)) {
      stale.push(file.path);
      return file;
    }
    if (entry.resolution) {
      return { ...file, resolution: entry.resolution, resolvedBy: entry.resolvedBy, result: resultOf(entry.resolution, file), hunksLeft: 0 };
    }
    if (entry.draft != null && !file.binary) {
      return { ...file, result: entry.draft, hunksLeft: Math.max(1, countHunks(entry.draft)), resolvedBy: entry.resolvedBy };
    }
    return file;
  });
  return {
    session: {
      taskId: meta.taskId,
      title: meta.title,
      branch: meta.branch,
      target: meta.target,
      oursCommit: opened.oursCommit,
      theirsCommit: opened.theirsCommit,
      phase: meta.phase,
      files,
      agent: meta.agent,
      message: meta.message,
    },
    stale,
  };
}

/** The text a settled file ends up with (null: deleted, or binary). */
export function resultOf(resolution: FileResolution, file: Pick<ConflictFile, 'ours' | 'theirs'>): string | null {
  switch (resolution.kind) {
    case 'content':
      return resolution.text;
    case 'ours':
      return file.ours;
    case 'theirs':
      return file.theirs;
    case 'delete':
      return null;
  }
}
