import type { ConflictHunk, HunkChoice } from './conflictHunks';

interface Props {
  hunks: readonly ConflictHunk[];
  /** The target branch ("ours") and the task branch ("theirs"), for the buttons' descriptions. */
  ours: string;
  theirs: string;
  locked: boolean;
  onTake(index: number, choice: HunkChoice): void;
  onReveal(index: number): void;
}

/** A side's first line, to recognise the hunk by; a side that removed the lines says so. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  return text === '' ? '(nothing)' : line.trim() === '' ? '(blank line)' : line;
}

/**
 * The conflict hunks left in the Result, one toolbar each: a `group` named "Conflict N" with the hunk's
 * place, a glimpse of both sides, and Take ours, Take theirs, Take both. Always all of them, however
 * far the editor is scrolled (the editor's own bars exist only near its viewport).
 */
export function HunkList({ hunks, ours, theirs, locked, onTake, onReveal }: Props) {
  if (hunks.length === 0) {
    return (
      <div className="hunk-list hunk-list-empty">
        <p>No conflict hunks left.</p>
      </div>
    );
  }
  return (
    <ol className="hunk-list" aria-label="Conflicts">
      {hunks.map((hunk) => (
        <li key={`${hunk.index}:${hunk.from}`}>
          <div role="group" aria-label={`Conflict ${hunk.index + 1}`} className="hunk-item">
            <div className="hunk-item-head">
              <span className="hunk-item-title">
                Conflict {hunk.index + 1} of {hunks.length}
              </span>
              <button type="button" className="link" onClick={() => onReveal(hunk.index)} title="Show it in the Result">
                line {hunk.startLine}
              </button>
            </div>
            <p className="hunk-side hunk-side-ours" title={hunk.ours}>
              <span className="hunk-side-name">{ours}</span> {firstLine(hunk.ours)}
            </p>
            <p className="hunk-side hunk-side-theirs" title={hunk.theirs}>
              <span className="hunk-side-name">{theirs}</span> {firstLine(hunk.theirs)}
            </p>
            <div className="hunk-item-actions">
              <button type="button" disabled={locked} title={`Keep the version on ${ours}`} onClick={() => onTake(hunk.index, 'ours')}>
                Take ours
              </button>
              <button type="button" disabled={locked} title={`Keep the version on ${theirs}`} onClick={() => onTake(hunk.index, 'theirs')}>
                Take theirs
              </button>
              <button type="button" disabled={locked} title={`Keep ${ours}'s lines, then ${theirs}'s`} onClick={() => onTake(hunk.index, 'both')}>
                Take both
              </button>
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
