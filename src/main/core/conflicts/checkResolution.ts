import type { ConflictFile, FileResolution } from '../../../shared/conflicts/conflict';
import { err, ok, type Result } from '../../../shared/result';
import { findMarker, markerLinesOf } from './conflictMarkers';

/**
 * Whether a resolution can settle a file: edited text only for text files, and never with a conflict
 * marker left in it (marker-like lines the file's own versions already hold are fine).
 */
export function checkResolution(
  file: Pick<ConflictFile, 'path' | 'binary' | 'ours' | 'theirs'>,
  resolution: FileResolution,
): Result<null, 'INVALID_RESOLUTION'> {
  if (resolution.kind !== 'content') return ok(null);
  if (file.binary) {
    return err('INVALID_RESOLUTION', `${file.path} is binary: choose the target's or the task's version whole, or delete it`, {
      where: file.path,
    });
  }
  return checkNoMarkers(file.path, resolution.text, markerLinesOf(file.ours, file.theirs));
}

export function checkNoMarkers(file: string, text: string, allowed: ReadonlySet<string>): Result<null, 'INVALID_RESOLUTION'> {
  const marker = findMarker(text, allowed);
  if (!marker) return ok(null);
  return err('INVALID_RESOLUTION', `${file} still holds a conflict marker at line ${marker.line} (${marker.text.slice(0, 60)})`, {
    where: `${file}:${marker.line}`,
  });
}
