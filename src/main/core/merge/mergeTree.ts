import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';

/** The kinds of conflict the conflict dialog shows differently. */
export type ConflictKind = 'text' | 'binary' | 'modify-delete' | 'rename' | 'add-add' | 'other';

export interface ConflictFile {
  path: string;
  kind: ConflictKind;
}

/** One informational record of git's merge (a CONFLICT notice), as git wrote it. */
export interface ConflictMessage {
  paths: string[];
  /** Git's stable short type, e.g. `CONFLICT (modify/delete)`. */
  type: string;
  message: string;
}

export type MergeCheck =
  | { kind: 'clean'; tree: string }
  | { kind: 'conflict'; files: ConflictFile[]; messages: ConflictMessage[] };

export type MergeCheckError = 'MERGE_CHECK_FAILED';

/** When one path has several conflicts, the one the user must act on differently wins. */
const KIND_PRIORITY: readonly ConflictKind[] = ['binary', 'modify-delete', 'rename', 'add-add', 'text', 'other'];

/**
 * Merges `theirs` into `ours` in memory (`git merge-tree --write-tree`): no checkout, index or ref is
 * touched. Clean: the merged tree. Conflicted: each conflicted path with its kind, and git's notices.
 */
export async function checkMerge(cwd: string, ours: string, theirs: string): Promise<Result<MergeCheck, MergeCheckError>> {
  const result = await runGit(['merge-tree', '--write-tree', '-z', ours, theirs], { cwd });
  const parsed = parseMergeTreeOutput(result.stdout);
  // Exit 1 means "conflicted" only with a tree in the output; git also exits 1 for an unknown revision.
  if ((result.code !== 0 && result.code !== 1) || !/^[0-9a-f]{40,64}$/.test(parsed.tree)) {
    return err('MERGE_CHECK_FAILED', `git merge-tree could not merge ${theirs} into ${ours}: ${result.stderr.trim()}`, {
      where: cwd,
    });
  }
  if (result.code === 0) return ok({ kind: 'clean', tree: parsed.tree });
  return ok({ kind: 'conflict', files: classify(parsed), messages: parsed.messages.filter(isConflictNotice) });
}

interface ParsedMergeTree {
  tree: string;
  /** Conflicted file info: path and the stages (1 base, 2 ours, 3 theirs) present for it. */
  stages: Map<string, Set<number>>;
  messages: ConflictMessage[];
}

/**
 * Parses `merge-tree --write-tree -z` output (git 2.39):
 *   <tree> NUL
 *   (<mode> SP <oid> SP <stage> TAB <path> NUL)*   conflicted file info
 *   NUL                                            start of the messages
 *   (<n> NUL <path>{n} NUL... <type> NUL <message> NUL)*
 * Paths are raw (no quoting) and may hold spaces, tabs or newlines; only the first TAB of an info entry
 * separates its fields from its path.
 */
export function parseMergeTreeOutput(stdout: string): ParsedMergeTree {
  const tokens = stdout.split('\0');
  const tree = tokens[0]?.trim() ?? '';
  const stages = new Map<string, Set<number>>();
  let i = 1;
  for (; i < tokens.length && tokens[i] !== ''; i++) {
    const entry = tokens[i]!;
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const stage = Number(entry.slice(0, tab).split(' ')[2]);
    const file = entry.slice(tab + 1);
    const set = stages.get(file) ?? new Set<number>();
    set.add(stage);
    stages.set(file, set);
  }
  i++; // the empty token that opens the messages section
  const messages: ConflictMessage[] = [];
  while (i < tokens.length) {
    const count = Number(tokens[i]);
    if (!Number.isInteger(count) || count < 0 || i + count + 2 >= tokens.length) break;
    const paths = tokens.slice(i + 1, i + 1 + count);
    const type = tokens[i + 1 + count]!;
    const message = tokens[i + 2 + count]!.replace(/\n$/, '');
    messages.push({ paths, type, message });
    i += count + 3;
  }
  return { tree, stages, messages };
}

function isConflictNotice(message: ConflictMessage): boolean {
  return message.type.startsWith('CONFLICT');
}

/** The kind a single notice gives the paths it names (add/add hides behind the `contents` type). */
function kindOfNotice(notice: ConflictMessage): ConflictKind | null {
  if (!isConflictNotice(notice)) return null;
  if (notice.type === 'CONFLICT (binary)' || /cannot merge binary files/i.test(notice.message)) return 'binary';
  if (notice.type === 'CONFLICT (modify/delete)') return 'modify-delete';
  if (notice.type.startsWith('CONFLICT (rename')) return 'rename';
  if (notice.message.startsWith('CONFLICT (add/add)')) return 'add-add';
  if (notice.type === 'CONFLICT (contents)') return 'text';
  return 'other';
}

/** Without a notice for a path, its stages still tell: no base means both added, one side missing means a deletion. */
function kindOfStages(stages: Set<number>): ConflictKind {
  if (!stages.has(1) && stages.has(2) && stages.has(3)) return 'add-add';
  if (stages.has(1) && stages.has(2) !== stages.has(3)) return 'modify-delete';
  return 'text';
}

function classify(parsed: ParsedMergeTree): ConflictFile[] {
  const kinds = new Map<string, Set<ConflictKind>>();
  for (const notice of parsed.messages) {
    const kind = kindOfNotice(notice);
    if (!kind) continue;
    for (const file of notice.paths) {
      const set = kinds.get(file) ?? new Set<ConflictKind>();
      set.add(kind);
      kinds.set(file, set);
    }
  }
  return [...parsed.stages.entries()].map(([file, stages]) => {
    const noted = kinds.get(file);
    const kind = noted ? KIND_PRIORITY.find((candidate) => noted.has(candidate))! : kindOfStages(stages);
    return { path: file, kind };
  });
}
