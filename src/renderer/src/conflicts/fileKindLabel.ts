import type { ConflictFile, ConflictKind } from '../../../shared/conflicts/conflict';

/** The words the file list shows beside each path (tests and screen readers find files by them). */
const KIND_LABELS: Record<ConflictKind, string> = {
  text: 'text',
  binary: 'binary',
  'modify-delete': 'delete vs modify',
  rename: 'rename',
  'add-add': 'add/add',
  other: 'other',
};

/** A binary file of any kind reads as "binary" first: it can only be chosen whole. */
export function fileKindLabel(file: Pick<ConflictFile, 'kind' | 'binary'>): string {
  if (file.binary && (file.kind === 'text' || file.kind === 'binary')) return KIND_LABELS.binary;
  const label = KIND_LABELS[file.kind];
  return file.binary ? `${label}, binary` : label;
}

/**
 * How the dialog lets the user settle a file: a three-way editor when there is merged text to edit, a
 * keep-or-delete choice for delete-versus-modify, otherwise one side chosen whole.
 */
export type EditorMode = 'three-way' | 'keep-or-delete' | 'choose-whole';

export function editorMode(file: ConflictFile): EditorMode {
  if (file.kind === 'modify-delete') return 'keep-or-delete';
  if (file.binary || file.kind === 'binary' || file.result === null) return 'choose-whole';
  return 'three-way';
}

/** Which side deleted a delete-versus-modify file; null when the contents are not sent (binary) or both exist. */
export function deletedSide(file: ConflictFile): 'ours' | 'theirs' | null {
  if (file.binary) return null;
  if (file.ours === null && file.theirs !== null) return 'ours';
  if (file.theirs === null && file.ours !== null) return 'theirs';
  return null;
}

export interface KeepOption {
  /** The button's exact name. */
  label: 'Keep ours' | 'Keep theirs' | 'Delete file';
  resolution: 'ours' | 'theirs' | 'delete';
}

/**
 * The buttons of a delete-versus-modify file: keeping the side that deleted it is the same as deleting
 * it, so only "Keep <modified side>" and "Delete file" are offered when the deleting side is known.
 */
export function keepOptions(file: ConflictFile): KeepOption[] {
  const deleted = deletedSide(file);
  const options: KeepOption[] = [];
  if (deleted !== 'ours') options.push({ label: 'Keep ours', resolution: 'ours' });
  if (deleted !== 'theirs') options.push({ label: 'Keep theirs', resolution: 'theirs' });
  options.push({ label: 'Delete file', resolution: 'delete' });
  return options;
}

/** One sentence saying which side deleted the file and which changed it. */
export function deleteModifyText(file: ConflictFile, target: string, branch: string): string {
  const deleted = deletedSide(file);
  if (deleted === 'ours') return `Deleted on ${target} (ours) and modified on ${branch} (theirs).`;
  if (deleted === 'theirs') return `Modified on ${target} (ours) and deleted on ${branch} (theirs).`;
  return `Deleted on one side and modified on the other (${target} is ours, ${branch} is theirs).`;
}
