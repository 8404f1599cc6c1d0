import { useState } from 'react';
import { displayPath, type DiffFile, type DiffHunk, type DiffLine } from './parseUnifiedDiff';
import { sideBySide, type SideCell } from './sideBySide';
import type { DiffMode } from './reviewController';

/** Files with more diff lines than this start folded: one huge generated file must not bury the rest. */
export const FOLD_LINES = 600;

const SIGN: Record<DiffLine['kind'], string> = { add: '+', del: '-', context: ' ' };

/** The id of a file's section, so the file list can scroll to it. */
export function fileAnchor(index: number): string {
  return `diff-file-${index}`;
}

function HunkHeader({ hunk, columns }: { hunk: DiffHunk; columns: number }) {
  return (
    <tr className="diff-hunk-header">
      <td colSpan={columns}>
        @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@ <span className="diff-section">{hunk.section}</span>
      </td>
    </tr>
  );
}

function NoNewline() {
  return <span className="diff-no-newline" title="No newline at end of file">⏎̸</span>;
}

function UnifiedHunk({ hunk }: { hunk: DiffHunk }) {
  return (
    <>
      <HunkHeader hunk={hunk} columns={3} />
      {hunk.lines.map((line, i) => (
        <tr key={i} className={`diff-line diff-${line.kind}`}>
          <td className="diff-no">{line.oldNo ?? ''}</td>
          <td className="diff-no">{line.newNo ?? ''}</td>
          <td className="diff-code">
            <span className="diff-sign">{SIGN[line.kind]}</span>
            {line.text}
            {line.noNewline && <NoNewline />}
          </td>
        </tr>
      ))}
    </>
  );
}

function Cell({ cell }: { cell: SideCell | null }) {
  if (!cell) {
    return (
      <>
        <td className="diff-no diff-empty" />
        <td className="diff-code diff-empty" />
      </>
    );
  }
  return (
    <>
      <td className={`diff-no diff-${cell.kind}`}>{cell.no}</td>
      <td className={`diff-code diff-${cell.kind}`}>
        <span className="diff-sign">{SIGN[cell.kind]}</span>
        {cell.text}
      </td>
    </>
  );
}

function SplitHunk({ hunk }: { hunk: DiffHunk }) {
  return (
    <>
      <HunkHeader hunk={hunk} columns={4} />
      {sideBySide(hunk).map((row, i) => (
        <tr key={i} className="diff-line">
          <Cell cell={row.left} />
          <Cell cell={row.right} />
        </tr>
      ))}
    </>
  );
}

/** What a file without hunks changed: a rename, a mode, or an empty file. */
function noContentText(file: DiffFile): string {
  const parts: string[] = [];
  if (file.status === 'renamed') parts.push('Renamed without content changes.');
  if (file.oldMode && file.newMode && file.oldMode !== file.newMode) parts.push(`Mode changed from ${file.oldMode} to ${file.newMode}.`);
  if (parts.length > 0) return parts.join(' ');
  if (file.status === 'added') return 'Empty file added.';
  if (file.status === 'deleted') return 'Empty file deleted.';
  return 'No content changes.';
}

function FileBody({ file, mode }: { file: DiffFile; mode: DiffMode }) {
  const size = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
  const [open, setOpen] = useState(size <= FOLD_LINES);
  if (file.binary) return <p className="diff-note">Binary file {file.status === 'added' ? 'added' : file.status === 'deleted' ? 'deleted' : 'changed'}.</p>;
  if (file.hunks.length === 0) return <p className="diff-note">{noContentText(file)}</p>;
  if (!open) {
    return (
      <p className="diff-note">
        A large change ({size} diff lines).{' '}
        <button type="button" className="link" onClick={() => setOpen(true)}>
          Show the diff of {displayPath(file)}
        </button>
      </p>
    );
  }
  return (
    <table className={`diff-table diff-table-${mode}`}>
      {/* Fixed layout takes widths from here: the first row is a hunk header spanning every column. */}
      {mode === 'split' ? (
        <colgroup>
          <col className="diff-no-col" />
          <col />
          <col className="diff-no-col" />
          <col />
        </colgroup>
      ) : (
        <colgroup>
          <col className="diff-no-col" />
          <col className="diff-no-col" />
          <col />
        </colgroup>
      )}
      <tbody>{file.hunks.map((hunk, i) => (mode === 'unified' ? <UnifiedHunk key={i} hunk={hunk} /> : <SplitHunk key={i} hunk={hunk} />))}</tbody>
    </table>
  );
}

const STATUS_WORD: Record<DiffFile['status'], string> = { added: 'added', deleted: 'deleted', modified: 'modified', renamed: 'renamed' };

/** The whole change, one section per file (a `region` named by its path), in unified or side-by-side form. */
export function DiffView({ files, mode }: { files: readonly DiffFile[]; mode: DiffMode }) {
  if (files.length === 0) return <p className="diff-note">No changes.</p>;
  return (
    <div className="diff-view">
      {files.map((file, index) => (
        <section key={index} id={fileAnchor(index)} className="diff-file" aria-label={displayPath(file)}>
          <header className="diff-file-head">
            <span className="diff-file-path">
              {file.status === 'renamed' && file.oldPath ? `${file.oldPath} → ${file.newPath ?? ''}` : displayPath(file)}
            </span>
            <span className={`diff-status diff-status-${file.status}`}>{STATUS_WORD[file.status]}</span>
            {!file.binary && (
              <span className="diff-counts">
                <span className="diff-count-add">+{file.additions}</span> <span className="diff-count-del">−{file.deletions}</span>
              </span>
            )}
          </header>
          <FileBody file={file} mode={mode} />
        </section>
      ))}
    </div>
  );
}
