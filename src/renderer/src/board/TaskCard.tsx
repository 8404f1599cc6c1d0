import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { RunTask } from '../../../shared/board/board';
import { parseVerifyFailure } from '../review/parseVerifyFailure';
import { VerifyFailure } from '../review/VerifyFailure';
import { useAppStore } from '../store/appStore';
import { isPlanningColumn, type ColumnId } from './columns';
import { objectiveColor } from './objectiveColor';
import { UsageFigure } from '../run/UsageFigure';

/** A card's height before it is measured (title, one line of tags, actions). */
export const CARD_ESTIMATE_PX = 96;
/** Lock globs shown on a card before the rest fold into "+N": enough to recognise the task's area. */
const GLOBS_SHOWN = 3;

interface Props {
  id: string;
  column: ColumnId;
  /** Why the card sits in a later wave, shown under its title. */
  note?: string | undefined;
}

/** A task that has (or had) an agent has a terminal pane to focus. */
export function hasTerminal(runTask: RunTask | undefined): boolean {
  return runTask !== undefined && (runTask.attempts > 0 || runTask.status !== 'pending');
}

/** Inner buttons must not start a keyboard drag (Space and Enter would bubble to the card). */
const keepKeys = (event: KeyboardEvent) => event.stopPropagation();

/**
 * One task on the board: an `article` named by the task's title, draggable by mouse and keyboard.
 * A click focuses its terminal pane when it has one.
 */
export const TaskCard = memo(function TaskCard({ id, column, note }: Props) {
  const title = useAppStore((state) => state.tasks[id]?.title ?? id);
  const runTask = useAppStore((state) => state.runTasks[id]);
  const focusTerminal = useAppStore((state) => state.focusTerminal);
  const openDialog = useAppStore((state) => state.openDialog);
  // The store takes one drop at a time (see dragStart): while the core decides on one, a second drag
  // would look like it worked and then be dropped silently, so no card can be picked up meanwhile.
  const dropPending = useAppStore((state) => state.drag?.phase === 'pending');
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id,
    data: { column },
    disabled: { draggable: dropPending, droppable: !isPlanningColumn(column) },
    attributes: { role: 'article', roleDescription: 'task card' },
  });
  const terminal = hasTerminal(runTask);

  const onClick = () => {
    if (terminal) focusTerminal(id);
  };
  const edit = (event: MouseEvent) => {
    event.stopPropagation();
    openDialog({ kind: 'task', id });
  };
  const resolve = (event: MouseEvent) => {
    event.stopPropagation();
    openDialog({ kind: 'resolveConflict', id });
  };
  const review = (event: MouseEvent) => {
    event.stopPropagation();
    openDialog({ kind: 'review', id });
  };
  const showTerminal = (event: MouseEvent) => {
    event.stopPropagation();
    focusTerminal(id);
  };

  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      aria-label={title}
      className={`card${isDragging ? ' card-dragging' : ''}${runTask ? ` card-${runTask.status}` : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      onClick={onClick}
    >
      <TaskCardBody id={id} note={note} />
      {column === 'attention' && <VerifyFailure taskId={id} title={title} />}
      {column === 'review' && runTask?.status === 'review' && (
        <button type="button" className="card-review-button" onClick={review} onKeyDown={keepKeys} aria-label={`Review ${title}`}>
          Review
        </button>
      )}
      {column === 'attention' && runTask?.status === 'conflict' && (
        <button type="button" className="card-resolve" onClick={resolve} onKeyDown={keepKeys}>
          Resolve conflict
        </button>
      )}
      <div className="card-actions">
        {terminal && (
          <button type="button" className="link" onClick={showTerminal} onKeyDown={keepKeys} aria-label={`Show terminal of ${title}`}>
            Terminal
          </button>
        )}
        <button type="button" className="link" onClick={edit} onKeyDown={keepKeys} aria-label={`Edit ${title}`}>
          Edit
        </button>
      </div>
    </div>
  );
});

/** The card as it follows the pointer during a drag; hidden from screen readers (the real card stays). */
export function TaskCardOverlay({ id }: { id: string }) {
  return (
    <div className="card card-overlay" aria-hidden="true">
      <TaskCardBody id={id} />
    </div>
  );
}

function TaskCardBody({ id, note }: { id: string; note?: string | undefined }) {
  const task = useAppStore((state) => state.tasks[id]);
  const objective = useAppStore((state) => (task?.objective ? state.objectives[task.objective] : undefined));
  const defaultAgent = useAppStore((state) => state.snapshot?.board.plan.agent);
  const runTask = useAppStore((state) => state.runTasks[id]);
  const error = useAppStore((state) => state.cardErrors[id]);
  const problem = useAppStore((state) => state.problems.find((entry) => entry.taskId === id)?.message);
  if (!task) return null;
  const dependencies = task.dependsOn?.length ?? 0;
  const globs = task.files ?? [];
  const agent = task.agent ?? defaultAgent;

  return (
    <>
      <div className="card-head">
        <span className="card-title">{task.title}</span>
        {runTask && <span className={`badge badge-${runTask.status}`}>{runTask.status}</span>}
      </div>
      <div className="card-meta">
        {task.objective && (
          <span className="tag" style={{ background: objectiveColor(task.objective) }} title={objective?.description}>
            {objective?.title ?? task.objective}
          </span>
        )}
        {(task.adrs ?? []).map((adr) => (
          <span key={adr} className="chip">
            {adr}
          </span>
        ))}
        {dependencies > 0 && (
          <span className="chip" title={task.dependsOn?.join(', ')}>
            {dependencies === 1 ? '1 dependency' : `${dependencies} dependencies`}
          </span>
        )}
        {agent && <span className="chip chip-agent">{agent}</span>}
        {runTask?.usage && <UsageFigure usage={runTask.usage} label={`Tokens and cost of ${task.title}`} />}
      </div>
      {globs.length > 0 && (
        <div className="card-locks" title={globs.join('\n')}>
          {globs.slice(0, GLOBS_SHOWN).map((glob) => (
            <code key={glob}>{glob}</code>
          ))}
          {globs.length > GLOBS_SHOWN && <span className="muted">+{globs.length - GLOBS_SHOWN}</span>}
        </div>
      )}
      {/* During a run its own reason (`waiting for lock ...`) is current; the preview's note would repeat it. */}
      {note && !runTask?.reason && <p className="card-note">{note}</p>}
      {/* A failed verify shows its output apart, with Retry and Ask agent to fix (VerifyFailure). */}
      {runTask?.reason && !parseVerifyFailure(runTask) && <p className="card-reason">{runTask.reason}</p>}
      {problem && <p className="card-problem">{problem}</p>}
      {error && <p className="card-error">{error}</p>}
    </>
  );
}
