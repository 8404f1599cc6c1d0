import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/appStore';
import { COLUMN_LABELS, isPlanningColumn, type ColumnId } from './columns';
import { filterByObjective } from './filterByObjective';
import { CARD_ESTIMATE_PX, TaskCard } from './TaskCard';
import { VirtualList } from './VirtualList';
import { RunUsage } from '../run/UsageFigure';
import { WaveLanes } from './WaveLanes';

/** A column of the board: a named region; Backlog and Run parallel take dropped cards. */
export function Column({ column }: { column: ColumnId }) {
  const ids = useAppStore(
    useShallow((state) => filterByObjective(state.cardIdsByColumn[column], state.tasks, state.objectiveFilter)),
  );
  const { setNodeRef, isOver } = useDroppable({ id: `column:${column}`, disabled: !isPlanningColumn(column) });
  const label = COLUMN_LABELS[column];

  return (
    <section
      ref={setNodeRef}
      role="region"
      aria-label={label}
      className={`column column-${column}${isOver ? ' column-over' : ''}`}
    >
      <h2 className="column-title">
        {label} <span className="count">{ids.length}</span>
      </h2>
      {column === 'done' && <RunUsage />}
      {column === 'runParallel' ? (
        <WaveLanes ids={ids} />
      ) : (
        <SortableContext id={column} items={ids as string[]} strategy={verticalListSortingStrategy}>
          <VirtualList
            ids={ids}
            estimate={CARD_ESTIMATE_PX}
            className="column-body"
            renderItem={(id) => <TaskCard id={id} column={column} />}
            empty={<p className="column-empty">No tasks</p>}
          />
        </SortableContext>
      )}
    </section>
  );
}
