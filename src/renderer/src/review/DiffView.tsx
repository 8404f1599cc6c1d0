import { useEffect, useRef, useState } from 'react';
import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import type { ReviewFile } from '../../../shared/contract/review';
import { editorTheme } from '../conflicts/editorTheme';
import type { DiffMode } from './reviewController';

/** Files with more changed lines than this start folded: one huge generated file must not bury the rest. */
export const FOLD_LINES = 600;
/** Unchanged stretches longer than this fold away, keeping this many lines of context around each change (as `git diff` does). */
const COLLAPSE_UNCHANGED = { margin: 3, minSize: 6 };

/** The id of a file's section, so the file list can scroll to it. */
export function fileAnchor(index: number): string {
  return `diff-file-${index}`;
}

/** A read-only editor: the cursor moves and text can be copied, nothing can be typed. */
function readOnly(label: string): Extension[] {
  return [
    lineNumbers(),
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    // Each side has half the dialog: long lines wrap rather than hide past the edge (the merge view keeps the sides aligned).
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
    editorTheme,
  ];
}

/**
 * One file's change rendered by @codemirror/merge from its old and new texts: side by side (a MergeView,
 * the base on the left) or unified (the new text with the removed lines shown above each change).
 */
function MergeFile({ file, oldText, newText, mode }: { file: ReviewFile; oldText: string; newText: string; mode: DiffMode }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    if (mode === 'split') {
      const view = new MergeView({
        a: { doc: oldText, extensions: readOnly(`${file.oldPath ?? file.path} before`) },
        b: { doc: newText, extensions: readOnly(`${file.path} after`) },
        parent,
        gutter: true,
        collapseUnchanged: COLLAPSE_UNCHANGED,
      });
      return () => view.destroy();
    }
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: newText,
        extensions: [
          ...readOnly(`${file.path} changes`),
          unifiedMergeView({ original: oldText, mergeControls: false, gutter: true, collapseUnchanged: COLLAPSE_UNCHANGED }),
        ],
      }),
    });
    return () => view.destroy();
  }, [file, oldText, newText, mode]);
  return <div ref={host} className={`diff-merge diff-merge-${mode}`} />;
}

/** What a file with nothing to show side by side changed: a rename, or an empty file. */
function noContentText(file: ReviewFile): string {
  if (file.status === 'renamed') return 'Renamed without content changes.';
  if (file.status === 'added') return 'Empty file added.';
  if (file.status === 'deleted') return 'Empty file deleted.';
  return 'No content changes (the file mode changed).';
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}

function FileBody({ file, mode }: { file: ReviewFile; mode: DiffMode }) {
  const size = file.additions + file.deletions;
  const [open, setOpen] = useState(size <= FOLD_LINES);
  const content = file.content;
  if (content.kind === 'binary') return <p className="diff-note">Binary file {file.status === 'added' ? 'added' : file.status === 'deleted' ? 'deleted' : 'changed'}.</p>;
  if (content.kind === 'tooLarge') {
    return (
      <p className="diff-note">
        Too large to show here ({kib(content.bytes)}; the dialog shows up to {kib(content.limit)}). Its line counts above are complete.
      </p>
    );
  }
  if (content.oldText === content.newText) return <p className="diff-note">{noContentText(file)}</p>;
  if (!open) {
    return (
      <p className="diff-note">
        A large change ({size} changed lines).{' '}
        <button type="button" className="link" onClick={() => setOpen(true)}>
          Show the diff of {file.path}
        </button>
      </p>
    );
  }
  return <MergeFile file={file} oldText={content.oldText} newText={content.newText} mode={mode} />;
}

const STATUS_WORD: Record<ReviewFile['status'], string> = { added: 'added', deleted: 'deleted', modified: 'modified', renamed: 'renamed' };

/** The whole change, one section per file (a `region` named by its path), side by side or unified. */
export function DiffView({ files, mode }: { files: readonly ReviewFile[]; mode: DiffMode }) {
  if (files.length === 0) return <p className="diff-note">No changes.</p>;
  return (
    <div className="diff-view">
      {files.map((file, index) => (
        <section key={file.path} id={fileAnchor(index)} className="diff-file" aria-label={file.path}>
          <header className="diff-file-head">
            <span className="diff-file-path">{file.status === 'renamed' && file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}</span>
            <span className={`diff-status diff-status-${file.status}`}>{STATUS_WORD[file.status]}</span>
            {!file.binary && (
              <span className="diff-counts">
                <span className="diff-count-add">+{file.additions}</span> <span className="diff-count-del">−{file.deletions}</span>
              </span>
            )}
          </header>
          {mode === 'split' && file.content.kind === 'text' && file.content.oldText !== file.content.newText && (
            <div className="diff-sides" aria-hidden="true">
              <span>{file.status === 'added' ? 'no file before' : file.oldPath ? `before (${file.oldPath})` : 'before'}</span>
              <span>{file.status === 'deleted' ? 'deleted' : 'after'}</span>
            </div>
          )}
          <FileBody file={file} mode={mode} />
        </section>
      ))}
    </div>
  );
}
