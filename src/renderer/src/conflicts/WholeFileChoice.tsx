import { useId, useMemo } from 'react';
import type { ConflictFile, FileResolution } from '../../../shared/conflicts/conflict';
import { changedLines } from './changedLines';
import { deleteModifyText, keepOptions } from './fileKindLabel';
import { VersionPane } from './VersionPane';

interface Props {
  file: ConflictFile;
  target: string;
  branch: string;
  locked: boolean;
  onResolve(resolution: FileResolution): void;
}

interface Option {
  label: string;
  resolution: 'ours' | 'theirs' | 'delete';
  /** What the choice means, beside the button (kept out of its name). */
  means: string;
}

function isChosen(file: ConflictFile, resolution: Option['resolution']): boolean {
  return file.resolution?.kind === resolution;
}

/** The whole-file choices: Use ours / Use theirs for binary and other files, Keep or Delete for delete versus modify. */
function optionsOf(file: ConflictFile, target: string, branch: string): Option[] {
  if (file.kind !== 'modify-delete') {
    return [
      { label: 'Use ours', resolution: 'ours', means: `the version on ${target}` },
      { label: 'Use theirs', resolution: 'theirs', means: `the version on ${branch}` },
    ];
  }
  return keepOptions(file).map((option) => ({
    ...option,
    means:
      option.resolution === 'delete'
        ? 'the merge removes the file'
        : option.resolution === 'ours'
          ? `the version on ${target}`
          : `the version on ${branch}`,
  }));
}

function explanation(file: ConflictFile, target: string, branch: string): string {
  if (file.kind === 'modify-delete') return deleteModifyText(file, target, branch);
  if (file.binary || file.kind === 'binary') return `A binary file changed on both ${target} and ${branch}: choose one version whole.`;
  if (file.kind === 'rename') return `A rename conflict: choose one side's version whole.`;
  return `Git could not merge this file line by line: choose one side's version whole.`;
}

/**
 * A file settled by choosing a side whole (binary, rename and other conflicts) or by keeping or deleting
 * it (delete versus modify). Text versions, when sent, are shown read-only so the choice is informed.
 */
export function WholeFileChoice({ file, target, branch, locked, onResolve }: Props) {
  const textId = useId();
  const options = optionsOf(file, target, branch);
  const tints = useMemo(
    () => ({ ours: changedLines(file.base ?? '', file.ours ?? '').to, theirs: changedLines(file.base ?? '', file.theirs ?? '').to }),
    [file.base, file.ours, file.theirs],
  );
  // Binary contents are not sent; a text file shows both sides (a deleted side says so).
  const missing = (side: string) => (file.kind === 'modify-delete' ? `Deleted on ${side}.` : `Not on ${side} under this path.`);
  const showVersions = !file.binary && (file.ours !== null || file.theirs !== null);

  return (
    <div className="whole-file">
      <p id={textId} className="whole-file-text">
        {explanation(file, target, branch)}
      </p>
      <div role="group" aria-label="Choose a version" aria-describedby={textId} className="whole-file-options">
        {options.map((option) => (
          <div key={option.label} className={`whole-option${isChosen(file, option.resolution) ? ' whole-option-chosen' : ''}`}>
            <button
              type="button"
              className={option.resolution === 'delete' ? 'danger' : ''}
              aria-pressed={isChosen(file, option.resolution)}
              disabled={locked}
              onClick={() => onResolve({ kind: option.resolution })}
            >
              {option.label}
            </button>
            <span className="muted">{option.means}</span>
          </div>
        ))}
      </div>
      {showVersions && (
        <div className="versions whole-file-versions">
          <VersionPane label={`Ours (${target})`} tone="ours" text={file.ours} changed={tints.ours} missing={missing(target)} />
          <VersionPane label={`Theirs (${branch})`} tone="theirs" text={file.theirs} changed={tints.theirs} missing={missing(branch)} />
        </div>
      )}
    </div>
  );
}
