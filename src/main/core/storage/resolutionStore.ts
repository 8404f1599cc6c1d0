import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileResolution } from '../../../shared/conflicts/conflict';
import { ID_PATTERN } from '../../../shared/plan/planId';
import { err, ok, type Result } from '../../../shared/result';
import { readJsonResult, writeJsonAtomic } from './atomicFile';

/** One version of a conflicted path as git records it: file mode and object id. */
export interface StageEntry {
  mode: string;
  oid: string;
}

/**
 * The three versions of one conflicted path, named as the conflict dialog names them: `ours` is the
 * target (what landed meanwhile), `theirs` the task. Null where that side has no file at this path. They
 * are also the "basis" a resolution was made against: if any of them changes (the target moved), the
 * resolution no longer applies.
 */
export interface PathStages {
  base: StageEntry | null;
  ours: StageEntry | null;
  theirs: StageEntry | null;
}

/** What was in the worktree, outside git, before a resolver ran there: restoring never deletes it. */
export interface UntrackedBefore {
  untracked: readonly string[];
  ignored: readonly string[];
}

/** How one conflicted file was settled (or, for an agent's unfinished file, how far it got). */
export interface StoredFile {
  /** The settled choice, or null when the agent left markers (then `draft` holds its text). */
  resolution: FileResolution | null;
  draft?: string | null;
  resolvedBy: 'user' | 'agent';
  /** The agent profile that made it, for agent work. */
  agent?: string | null;
  /** The versions it was made against: a resolution of other versions does not apply (the target moved). */
  stages: PathStages;
}

/** An agent resolving in the task's worktree: its merge is in progress there until it is collected. */
export interface AgentRun {
  profile: string;
  /** The task branch's head before the merge (the worktree returns to it). */
  head: string;
  /** The target commit merged. */
  targetCommit: string;
  /**
   * The conflicted paths: their versions (what the agent resolves, and the basis of its proposals) and
   * the object id of what git left in the worktree (null: no file), to tell a decision from no action.
   */
  files: Record<string, { stages: PathStages; initial: string | null }>;
  /** Untracked and ignored files that existed before the merge: kept; any other untracked file is the agent's and is removed. */
  before: UntrackedBefore;
  startedAt: string;
}

interface StoredConflict {
  version: 1;
  taskId: string;
  files: Record<string, StoredFile>;
  agentRun: AgentRun | null;
}

/** The resolution file could not be read (corrupt) or written (disk full, permissions). */
export type ResolutionStoreError = 'STORE_FAILED';
type Saved = Result<null, ResolutionStoreError>;

const STORE_VERSION = 1;

/** `<git common dir>/wavelane/conflicts/<taskId>.json`: shared by every worktree, beside the merge lock. */
export function resolutionStorePath(commonDir: string, taskId: string): string {
  return path.join(commonDir, 'wavelane', 'conflicts', `${taskId}.json`);
}

/**
 * The in-progress resolution of one task's conflict: path -> resolution and who made it, kept in memory
 * and written atomically on every change, so a restart (or kill -9) does not lose a half-done resolution.
 * Cleared when the resolution completes or is aborted.
 */
export class ResolutionStore {
  /** Writes are chained so an older snapshot can never land after a newer one. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly state: StoredConflict,
  ) {}

  /** Opens the store of a task (empty when nothing was saved). A corrupt file is reported, never reset silently. */
  static async load(commonDir: string, taskId: string): Promise<Result<ResolutionStore, ResolutionStoreError>> {
    if (!ID_PATTERN.test(taskId)) {
      return err('STORE_FAILED', `Task id ${JSON.stringify(taskId)} cannot name a resolution file`, { where: taskId });
    }
    const file = resolutionStorePath(commonDir, taskId);
    const read = await readJsonResult(file);
    if (!read.ok) return err('STORE_FAILED', read.error.message, { where: file });
    if (read.value === null) return ok(new ResolutionStore(file, { version: STORE_VERSION, taskId, files: {}, agentRun: null }));
    const value = read.value as Partial<StoredConflict>;
    if (value.version !== STORE_VERSION || value.taskId !== taskId || typeof value.files !== 'object' || value.files === null) {
      return err('STORE_FAILED', `${file} is not a resolution file of task ${taskId} (version ${STORE_VERSION}); fix or remove it`, {
        where: file,
      });
    }
    return ok(new ResolutionStore(file, { version: STORE_VERSION, taskId, files: { ...value.files }, agentRun: value.agentRun ?? null }));
  }

  get(file: string): StoredFile | undefined {
    return Object.hasOwn(this.state.files, file) ? this.state.files[file] : undefined;
  }

  entries(): Array<[string, StoredFile]> {
    return Object.entries(this.state.files);
  }

  get agentRun(): AgentRun | null {
    return this.state.agentRun;
  }

  set(file: string, stored: StoredFile): Promise<Saved> {
    this.state.files[file] = stored;
    return this.save();
  }

  setMany(files: ReadonlyMap<string, StoredFile>): Promise<Saved> {
    for (const [file, stored] of files) this.state.files[file] = stored;
    return this.save();
  }

  async delete(files: readonly string[]): Promise<Saved> {
    if (!files.some((file) => Object.hasOwn(this.state.files, file))) return ok(null);
    for (const file of files) delete this.state.files[file];
    return this.save();
  }

  setAgentRun(run: AgentRun | null): Promise<Saved> {
    this.state.agentRun = run;
    return this.save();
  }

  /** Forgets everything and removes the file. */
  clear(): Promise<Saved> {
    this.state.files = {};
    this.state.agentRun = null;
    return this.enqueue(() => rm(this.file, { force: true }));
  }

  private save(): Promise<Saved> {
    const snapshot = structuredClone(this.state);
    return this.enqueue(() => writeJsonAtomic(this.file, snapshot));
  }

  private enqueue(write: () => Promise<void>): Promise<Saved> {
    const next = this.writing.then(write).then(
      (): Saved => ok(null),
      (error: unknown): Saved => err('STORE_FAILED', `Could not save ${this.file}: ${(error as Error).message}`, { where: this.file }),
    );
    this.writing = next.then(() => undefined);
    return next;
  }
}
