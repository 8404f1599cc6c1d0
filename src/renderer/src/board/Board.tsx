import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { actions } from '../bridge';
import { useAppStore } from '../store/appStore';
import { Column } from './Column';
import { COLUMN_IDS, findColumn, type CardColumns, type ColumnId } from './columns';
import { dragAnnouncements } from './dragAnnouncements';
import { TaskCardOverlay } from './TaskCard';
import './board.css';

/** Pointer travel before a press becomes a drag, so a click on a card still focuses its terminal. */
const DRAG_START_DISTANCE_PX = 6;
const COLUMN_PREFIX = 'column:';

/**
 * Pointer drags land where the pointer is; keyboard drags where the moved card overlaps (dnd-kit's
 * keyboard coordinates put it on the next target). A card under the pointer wins over its column, and
 * a drop outside any column that takes cards puts the card back.
 */
const collisions: CollisionDetection = (args) => {
  const hits = args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);
  const cards = hits.filter((collision) => !String(collision.id).startsWith(COLUMN_PREFIX));
  return cards.length > 0 ? cards : hits;
};

const announcements = dragAnnouncements({
  titleOf: (id) => useAppStore.getState().tasks[id]?.title ?? id,
  columns: () => useAppStore.getState().cardIdsByColumn,
});

/** The column and index a drop over `overId` means: the end of a column, or the place of a card. */
function dropTarget(columns: CardColumns, event: DragOverEvent | DragEndEvent): { column: ColumnId; index: number } | null {
  const over = event.over;
  if (!over) return null;
  const overId = String(over.id);
  if (overId.startsWith(COLUMN_PREFIX)) {
    const column = overId.slice(COLUMN_PREFIX.length) as ColumnId;
    return { column, index: columns[column].length };
  }
  const column = findColumn(columns, overId);
  if (column === null) return null;
  const index = columns[column].indexOf(overId);
  const dragged = event.active.rect.current.translated;
  const below = dragged !== null && dragged.top > over.rect.top + over.rect.height / 2;
  const sameColumn = findColumn(columns, String(event.active.id)) === column;
  return { column, index: below && !sameColumn ? index + 1 : index };
}

/** The six columns and the drag and drop between them. */
export function Board() {
  const activeId = useAppStore((state) => (state.drag?.phase === 'dragging' ? state.drag.cardId : null));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: DRAG_START_DISTANCE_PX } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const store = useAppStore.getState;

  const onDragStart = (event: DragStartEvent) => store().startDrag(String(event.active.id));
  const onDragOver = (event: DragOverEvent) => {
    const cardId = String(event.active.id);
    const columns = store().cardIdsByColumn;
    const target = dropTarget(columns, event);
    // Moves between columns happen while dragging; order inside a column is settled on drop.
    if (target && target.column !== findColumn(columns, cardId)) store().dragOverColumn(cardId, target.column, target.index);
  };
  const onDragEnd = (event: DragEndEvent) => {
    const cardId = String(event.active.id);
    const target = dropTarget(store().cardIdsByColumn, event);
    if (!target) store().cancelDrag();
    else void actions.drop(cardId, target.column, target.index);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      accessibility={{ announcements }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => store().cancelDrag()}
    >
      <main className="board">
        {COLUMN_IDS.map((column) => (
          <Column key={column} column={column} />
        ))}
      </main>
      <DragOverlay>{activeId ? <TaskCardOverlay id={activeId} /> : null}</DragOverlay>
    </DndContext>
  );
}
