import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConflictFile } from '../../../shared/conflicts/conflict';
import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { branchRef, resolveCommit } from '../git/repoInfo';
import { checkMerge, type ConflictMessage } from '../merge/mergeTree';
import { blobSizes } from '../git/blobs';
import { decodeText, isTextMode, MAX_TEXT_BYTES, unpackBlob } from './blobFiles';
import { countHunks } from './conflictMarkers';
import { makeScratchFolder, removeScratchFolder, writeScratchFile } from '../storage/scratchFolder';
import { mergeTreeStages, type PathStages, type StageEntry } from './conflictStages';

export interface OpenConflictInput {
  /** Any folder of the repository (its main checkout, usually). Nothing in it is touched. */
  repo: string;
  /** The task's worktree (its .gitattributes say which files are binary). Nothing in it is touched. */
  worktree: string;
  /** The task branch (short name). */
  taskBranch: string;
  /** The target branch (short name). */
  target: string;
}

export interface OpenedConflict {
  /** The target's head and the task branch's head that were merged. */
  oursCommit: string;
  theirsCommit: string;
  mergeBase: string;
  /** Every conflicted path, unresolved (resolution and resolvedBy null). */
  files: ConflictFile[];
  /** The versions of each path: the basis a resolution of it is made against. */
  stages: Map<string, PathStages>;
}

export type OpenConflictError = 'NOT_FOUND' | 'NOT_A_CONFLICT' | 'GIT_FAILED';

/** Label of the base section in proposed results (git's own merge writes none in its default style). */
const BASE_LABEL = 'base';

/**
 * Computes what the conflict dialog shows, from git objects only: no checkout, index or ref is touched.
 * The conflicted paths and kinds come from the merge queue's own check (merge-tree), each path's three
 * versions from the stages git recorded (so a file renamed on one side still shows its base), and the
 * proposed result of a text file from `git merge-file` on scratch copies outside the repository, with
 * git's default markers: `<<<<<<< <target>`, `=======`, `>>>>>>> <task branch>`.
 */
export async function openConflict(input: OpenConflictInput): Promise<Result<OpenedConflict, OpenConflictError>> {
  const { repo, worktree, taskBranch, target } = input;
  if (!existsSync(worktree)) {
    return err('NOT_FOUND', `The task's worktree ${worktree} does not exist`, { where: worktree });
  }
  const oursCommit = await resolveCommit(repo, branchRef(target));
  if (!oursCommit) return err('NOT_FOUND', `The target branch ${target} does not exist in ${repo}`, { where: target });
  const theirsCommit = await resolveCommit(repo, branchRef(taskBranch));
  if (!theirsCommit) return err('NOT_FOUND', `The task branch ${taskBranch} does not exist in ${repo}`, { where: taskBranch });
  const base = await runGit(['merge-base', oursCommit, theirsCommit], { cwd: repo });
  if (base.code !== 0) {
    return err('GIT_FAILED', `${taskBranch} and ${target} share no history in ${repo}; there is nothing to merge`, { where: repo });
  }
  const mergeBase = base.stdout.trim();
  const check = await checkMerge(repo, oursCommit, theirsCommit);
  if (!check.ok) return err('GIT_FAILED', check.error.message, { where: repo });
  if (check.value.kind === 'clean') {
    return err('NOT_A_CONFLICT', `${taskBranch} now merges into ${target} without conflicts`, { where: taskBranch });
  }
  const stages = await mergeTreeStages(repo, oursCommit, theirsCommit);
  const commonDir = await runGit(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: repo });
  if (!stages || commonDir.code !== 0) {
    return err('GIT_FAILED', `git could not list the conflicted files of ${taskBranch} and ${target} in ${repo}`, { where: repo });
  }
  const paths = check.value.files.map((file) => file.path);
  for (const file of paths) if (!stages.has(file)) stages.set(file, { base: null, ours: null, theirs: null });
  const renamedFrom = await renameSources(repo, mergeBase, check.value.messages);
  const binaryByAttr = await binaryAttributes(worktree, paths);
  const scratch = await makeScratchFolder('wavelane-conflict-');
  try {
    const reader = new VersionReader(repo, commonDir.stdout.trim(), scratch);
    const files: ConflictFile[] = [];
    for (const { path: file, kind } of check.value.files) {
      const versions = stages.get(file)!;
      const read = await reader.versions(versions);
      const binary = kind === 'binary' || binaryByAttr.has(file) || read.binary;
      const proposed = binary ? { result: null } : await reader.merge(versions, read, target, taskBranch);
      if ('error' in proposed) return err('GIT_FAILED', `git merge-file failed on ${file}: ${proposed.error}`, { where: file });
      files.push({
        path: file,
        kind,
        binary,
        base: binary ? null : read.base.text,
        ours: binary ? null : read.ours.text,
        theirs: binary ? null : read.theirs.text,
        result: proposed.result,
        // A file without a text merge (binary, deleted or renamed on one side) waits for one whole-file choice.
        hunksLeft: proposed.result === null ? 1 : countHunks(proposed.result),
        resolution: null,
        resolvedBy: null,
        ...(kind === 'rename' ? { renamedFrom: renamedFrom.get(file) ?? null } : {}),
      });
    }
    return ok({ oursCommit, theirsCommit, mergeBase, files, stages });
  } finally {
    await removeScratchFolder(scratch);
  }
}

interface Version {
  /** Scratch copy of the blob, or null when this side has no file (or it is too large to look at). */
  file: string | null;
  text: string | null;
}

type Versions = Record<keyof PathStages, Version> & { binary: boolean };

/** Reads the versions of conflicted paths into scratch files and text. */
class VersionReader {
  private empty: string | null = null;

  constructor(
    private readonly repo: string,
    private readonly commonDir: string,
    private readonly scratch: string,
  ) {}

  async versions(stages: PathStages): Promise<Versions> {
    const entries = [stages.base, stages.ours, stages.theirs].filter((entry): entry is StageEntry => entry !== null);
    const sizes = await blobSizes(this.repo, entries.filter((entry) => isTextMode(entry.mode)).map((entry) => entry.oid));
    let binary = false;
    const one = async (entry: StageEntry | null): Promise<Version> => {
      if (!entry) return { file: null, text: null };
      const size = sizes.get(entry.oid);
      if (!isTextMode(entry.mode) || size === undefined || size > MAX_TEXT_BYTES) {
        binary = true;
        return { file: null, text: null };
      }
      const file = await unpackBlob(this.commonDir, entry.oid, this.scratch);
      const text = file ? decodeText(await readFile(file)) : null;
      if (text === null) binary = true;
      return { file, text };
    };
    const base = await one(stages.base);
    const ours = await one(stages.ours);
    const theirs = await one(stages.theirs);
    return { base, ours, theirs, binary };
  }

  private async emptyFile(): Promise<string> {
    if (!this.empty) {
      this.empty = path.join(this.scratch, 'empty-base');
      await writeScratchFile(this.empty, '');
    }
    return this.empty;
  }

  /** Git's merge of a text file with markers, or null when one side has no file (nothing to merge line by line). */
  async merge(
    stages: PathStages,
    read: Versions,
    oursLabel: string,
    theirsLabel: string,
  ): Promise<{ result: string | null } | { error: string }> {
    if (!read.ours.file || !read.theirs.file) return { result: null };
    // Added on both sides: merge against an empty base, as git does for add/add.
    const baseFile = stages.base && read.base.file ? read.base.file : await this.emptyFile();
    const merged = await runGit(
      ['-c', 'merge.conflictStyle=merge', 'merge-file', '-p', '-L', oursLabel, '-L', BASE_LABEL, '-L', theirsLabel, read.ours.file, baseFile, read.theirs.file],
      { cwd: this.scratch },
    );
    // Exit status: the number of conflicts (0-127), or 255 when merge-file itself failed.
    if (merged.code > 127) return { error: merged.stderr.trim() || `exit ${merged.code}` };
    return { result: merged.stdout };
  }
}

/**
 * For rename conflicts: which path each new name came from. A rename notice names the old path and the
 * new one(s); the old path is the one that exists at the merge base.
 */
async function renameSources(repo: string, mergeBase: string, messages: readonly ConflictMessage[]): Promise<Map<string, string>> {
  const notices = messages.filter((message) => message.type.startsWith('CONFLICT (rename'));
  const named = [...new Set(notices.flatMap((notice) => notice.paths))].filter((file) => !/[\n\r]/.test(file));
  const sources = new Map<string, string>();
  if (named.length === 0) return sources;
  const probe = await runGit(['cat-file', '--batch-check=%(objecttype)'], {
    cwd: repo,
    input: named.map((file) => `${mergeBase}:${file}\n`).join(''),
  });
  const lines = probe.stdout.split('\n');
  const inBase = new Set(named.filter((_, index) => lines[index] === 'blob'));
  for (const notice of notices) {
    const source = notice.paths.find((file) => inBase.has(file));
    if (!source) continue;
    for (const file of notice.paths) if (file !== source) sources.set(file, source);
  }
  return sources;
}

/** Paths the repository's attributes mark as binary (`binary`, `-merge` or `merge=binary`): git will not merge them line by line. */
async function binaryAttributes(worktree: string, paths: readonly string[]): Promise<Set<string>> {
  const binary = new Set<string>();
  if (paths.length === 0) return binary;
  const result = await runGit(['check-attr', '-z', '--stdin', 'binary', 'merge'], {
    cwd: worktree,
    input: paths.map((file) => `${file}\0`).join(''),
  });
  if (result.code !== 0) return binary;
  const tokens = result.stdout.split('\0');
  for (let i = 0; i + 2 < tokens.length; i += 3) {
    const [file, attr, value] = [tokens[i]!, tokens[i + 1], tokens[i + 2]];
    if ((attr === 'binary' && value === 'set') || (attr === 'merge' && (value === 'unset' || value === 'binary'))) binary.add(file);
  }
  return binary;
}
