import { useRef, type KeyboardEvent } from 'react';
import type { ConflictFile } from '../../../shared/conflicts/conflict';
import type { FileStatus } from './conflictDialogState';
import { fileKindLabel } from './fileKindLabel';

interface Props {
  files: readonly ConflictFile[];
  selected: string | null;
  statusOf(file: ConflictFile): FileStatus;
  onSelect(path: string): void;
}

/** The words after each path; a screen reader hears them as part of the option's name. */
const STATUS_TEXT: Record<FileStatus, string> = {
  unresolved: 'unresolved',
  edited: 'edited, not marked resolved',
  resolved: 'resolved',
  agent: 'resolved by agent',
  'agent-unreviewed': 'resolved by agent, not reviewed yet',
};

function StatusMark({ status }: { status: FileStatus }) {
  switch (status) {
    case 'resolved':
      return (
        <span className="file-status file-status-resolved" title="Resolved">
          <span aria-hidden="true">✓ </span>resolved
        </span>
      );
    case 'agent':
    case 'agent-unreviewed':
      return (
        <span className={`file-status file-status-${status}`} title={STATUS_TEXT[status]}>
          <span aria-hidden="true">✓ </span>
          <span className="agent-badge">agent</span>
          {status === 'agent-unreviewed' && (
            <span className="file-review" aria-hidden="true">
              review
            </span>
          )}
          <span className="sr-only">{status === 'agent' ? ' resolved' : ' resolved, not reviewed yet'}</span>
        </span>
      );
    case 'edited':
      return <span className="file-status file-status-edited">edited</span>;
    case 'unresolved':
      return <span className="file-status file-status-unresolved">unresolved</span>;
  }
}

/**
 * The conflicted files as a `listbox` ("Conflicted files"): each option names its path, its kind
 * ("text", "binary", "delete vs modify", "rename", "add/add") and where it stands. Arrow keys move
 * between files.
 */
export function ConflictFileList({ files, selected, statusOf, onSelect }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const settled = files.filter((file) => file.resolution !== null).length;

  const onKeyDown = (event: KeyboardEvent) => {
    const index = files.findIndex((file) => file.path === selected);
    const next =
      event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? files.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const file = files[Math.max(0, Math.min(files.length - 1, next))];
    if (!file) return;
    onSelect(file.path);
    list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(file.path)}"]`)?.focus();
  };

  return (
    <nav className="conflict-files" aria-label="Files">
      <p className="conflict-files-summary">
        {settled} of {files.length} resolved
      </p>
      <div ref={list} role="listbox" aria-label="Conflicted files" className="conflict-file-list" onKeyDown={onKeyDown}>
        {files.map((file) => {
          const isSelected = file.path === selected;
          const status = statusOf(file);
          const slash = file.path.lastIndexOf('/');
          return (
            <div
              key={file.path}
              role="option"
              aria-selected={isSelected}
              tabIndex={isSelected || (selected === null && file === files[0]) ? 0 : -1}
              data-path={file.path}
              className={`conflict-file${isSelected ? ' conflict-file-selected' : ''}`}
              title={file.renamedFrom ? `${file.renamedFrom} → ${file.path}` : file.path}
              onClick={() => onSelect(file.path)}
            >
              <span className="conflict-file-path">
                {slash >= 0 && <span className="conflict-file-dir">{file.path.slice(0, slash + 1)}</span>}
                <span className="conflict-file-name">{file.path.slice(slash + 1)}</span>
              </span>{' '}
              <span className="conflict-file-meta">
                <span className={`kind-label kind-${file.kind}`}>{fileKindLabel(file)}</span> <StatusMark status={status} />
              </span>
            </div>
          );
        })}
      </div>
    </nav>
  );
}
