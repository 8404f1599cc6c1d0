import { useId, useMemo, useRef, useState } from 'react';
import type { EditorView } from '@codemirror/view';
import type { ConflictFile } from '../../../shared/conflicts/conflict';
import { changedLines } from './changedLines';
import { goToHunk, revealHunk, takeChoice } from './conflictDecorations';
import { HunkList } from './HunkList';
import { ResultEditor } from './ResultEditor';
import { resultStatus } from './resultStatus';
import { VersionPane } from './VersionPane';

interface Props {
  file: ConflictFile;
  /** The target branch ("ours") and the task branch ("theirs"). */
  target: string;
  branch: string;
  /** What the Result starts from: the user's unsaved edit or the session's result. */
  text: string;
  locked: boolean;
  onChange(text: string): void;
  onMarkResolved(text: string): void;
}

/**
 * A text file's three-way view: the common base, the target's version ("ours", what landed meanwhile)
 * and the task's ("theirs") read-only above, the editable Result below with a toolbar per conflict
 * hunk, a counter of hunks left, and Mark resolved once no conflict marker remains.
 */
export function ThreeWayEditor({ file, target, branch, text, locked, onChange, onMarkResolved }: Props) {
  const view = useRef<EditorView | null>(null);
  const [showVersions, setShowVersions] = useState(true);
  const versionsId = useId();
  const hintId = useId();
  const names = useMemo(() => ({ ours: target, theirs: branch }), [target, branch]);

  const tints = useMemo(() => {
    const base = file.base ?? '';
    const ours = changedLines(base, file.ours ?? '');
    const theirs = changedLines(base, file.theirs ?? '');
    const baseLines = [...new Set([...ours.from, ...theirs.from])].sort((a, b) => a - b);
    return { base: baseLines, ours: ours.to, theirs: theirs.to };
  }, [file.base, file.ours, file.theirs]);

  const status = useMemo(() => resultStatus(text, file, locked), [text, file, locked]);
  const { hunks, hint, canMark } = status;
  const left = hunks.length;

  return (
    <div className={`three-way${showVersions ? '' : ' three-way-collapsed'}`}>
      <div className="three-way-bar">
        <button type="button" className="link" aria-expanded={showVersions} aria-controls={versionsId} onClick={() => setShowVersions(!showVersions)}>
          {showVersions ? 'Hide versions' : 'Show versions'}
        </button>
        <span className="legend">
          <span className="legend-swatch legend-ours" aria-hidden="true" /> changed on {target}
          <span className="legend-swatch legend-theirs" aria-hidden="true" /> changed on {branch}
        </span>
      </div>
      {showVersions && (
        <div id={versionsId} className="versions">
          <VersionPane label="Base" tone="base" text={file.base} changed={tints.base} missing="The file did not exist at the merge base." />
          <VersionPane label={`Ours (${target})`} tone="ours" text={file.ours} changed={tints.ours} missing={`The file does not exist on ${target}.`} />
          <VersionPane label={`Theirs (${branch})`} tone="theirs" text={file.theirs} changed={tints.theirs} missing={`The file does not exist on ${branch}.`} />
        </div>
      )}
      <section className="result" aria-label="Result">
        <div className="result-head">
          <h4 className="pane-title">Result</h4>
          <span role="status" className={`hunk-counter${left === 0 ? ' hunk-counter-done' : ''}`}>
            {status.counter}
          </span>
          <button type="button" className="link" disabled={left === 0} onClick={() => view.current && goToHunk(view.current, -1)}>
            Previous conflict
          </button>
          <button type="button" className="link" disabled={left === 0} onClick={() => view.current && goToHunk(view.current, 1)}>
            Next conflict
          </button>
          <span className="spacer" />
          <span id={hintId} className="result-hint">
            {hint}
          </span>
          <button type="button" className="primary" disabled={!canMark} aria-describedby={hintId} onClick={() => onMarkResolved(text)}>
            Mark resolved
          </button>
        </div>
        <div className="result-body">
          <ResultEditor key={file.path} text={text} names={names} locked={locked} onChange={onChange} viewRef={view} />
          <HunkList
            hunks={hunks}
            ours={target}
            theirs={branch}
            locked={locked}
            onTake={(index, choice) => view.current && takeChoice(view.current, index, choice)}
            onReveal={(index) => view.current && revealHunk(view.current, index)}
          />
        </div>
      </section>
    </div>
  );
}
