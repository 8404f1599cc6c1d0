import type { ConflictFile } from '../../../shared/conflicts/conflict';
import { findHunks, markerLines, type ConflictHunk } from './conflictHunks';

/** How many marker lines the hint names before "…": enough to find them. */
const LINES_NAMED = 5;

export interface ResultStatus {
  hunks: ConflictHunk[];
  /** The counter's words: "2 conflicts left", "1 conflict left", "0 conflicts left". */
  counter: string;
  /** Lines that still look like conflict markers (whole hunks or stray halves). */
  markers: number[];
  /** Mark resolved is enabled: no marker left, nothing locked, and something new to save. */
  canMark: boolean;
  /** One sentence beside Mark resolved saying what it waits for, or what the text is. */
  hint: string;
}

export function conflictsLeftText(count: number): string {
  return count === 1 ? '1 conflict left' : `${count} conflicts left`;
}

function linesText(lines: readonly number[]): string {
  const named = lines.slice(0, LINES_NAMED).join(', ');
  const more = lines.length > LINES_NAMED ? ', …' : '';
  return `${lines.length === 1 ? 'line' : 'lines'} ${named}${more}`;
}

/**
 * Where the Result of a text file stands: its hunks and the counter, the marker lines that keep Mark
 * resolved disabled, and the hint that says so. A marker-like line that is part of a side's own content
 * (a Markdown underline of seven `=`) does not count.
 */
export function resultStatus(text: string, file: ConflictFile, locked: boolean): ResultStatus {
  const hunks = findHunks(text);
  const markers = markerLines(text, [file.base, file.ours, file.theirs]);
  const savedAlready = file.resolution?.kind === 'content' && file.resolution.text === text;
  let hint: string;
  if (markers.length > 0) {
    hint = hunks.length > 0 ? 'Take a side or edit each conflict until no conflict markers remain.' : `Conflict markers remain on ${linesText(markers)}.`;
  } else if (savedAlready) {
    hint = file.resolvedBy === 'agent' ? "This is the agent's resolution: edit it, or keep it as it is." : 'Marked resolved. Edit it again to change the resolution.';
  } else {
    hint = 'No conflict markers remain.';
  }
  return { hunks, counter: conflictsLeftText(hunks.length), markers, canMark: !locked && markers.length === 0 && !savedAlready, hint };
}
