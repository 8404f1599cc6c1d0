import type { Announcements } from '@dnd-kit/core';
import { COLUMN_LABELS, findColumn, type CardColumns, type ColumnId } from './columns';

export interface AnnouncementLookup {
  titleOf(id: string): string;
  columns(): CardColumns;
}

const COLUMN_PREFIX = 'column:';

/** The column a drop target means, by its name: a column itself, or the column of a card. */
export function targetName(overId: string, columns: CardColumns): string | null {
  if (overId.startsWith(COLUMN_PREFIX)) return COLUMN_LABELS[overId.slice(COLUMN_PREFIX.length) as ColumnId] ?? null;
  const column = findColumn(columns, overId);
  return column === null ? null : COLUMN_LABELS[column];
}

/** What a screen reader hears during a keyboard drag: task titles and column names, never raw ids. */
export function dragAnnouncements(lookup: AnnouncementLookup): Announcements {
  const title = (id: string | number) => lookup.titleOf(String(id));
  const where = (id: string | number) => targetName(String(id), lookup.columns());
  return {
    onDragStart: ({ active }) => `Picked up ${title(active.id)}.`,
    onDragOver: ({ active, over }) => {
      const name = over ? where(over.id) : null;
      return name ? `${title(active.id)} is over ${name}.` : `${title(active.id)} is not over a column.`;
    },
    onDragEnd: ({ active, over }) => {
      const name = over ? where(over.id) : null;
      return name ? `${title(active.id)} was dropped on ${name}.` : `${title(active.id)} was put back.`;
    },
    onDragCancel: ({ active }) => `Dragging was cancelled; ${title(active.id)} was put back.`,
  };
}
