import type { WaveReason } from '../../../shared/board/board';

/** The accessible name of the n-th wave lane (0-based index in the preview). */
export function waveLaneLabel(index: number): string {
  return `Wave ${index + 1}`;
}

/** Why a task sits in a later wave, in the words the card shows. */
export function reasonText(reason: WaveReason): string {
  if (reason.kind === 'dependency') return `after ${reason.on}`;
  const globs = reason.globs.length > 0 ? reason.globs.join(', ') : 'its files';
  return `waits for lock ${globs} held by ${reason.heldBy}`;
}
