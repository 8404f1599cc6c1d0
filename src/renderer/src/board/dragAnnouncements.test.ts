import { describe, expect, it } from 'vitest';
import { emptyColumns } from './columns';
import { dragAnnouncements, targetName } from './dragAnnouncements';

describe('drag announcements', () => {
  const columns = { ...emptyColumns(), backlog: ['a'], runParallel: ['b'] };
  const say = dragAnnouncements({ titleOf: (id) => `Task ${id.toUpperCase()}`, columns: () => columns });
  const active = (id: string) => ({ id }) as never;

  it('names drop targets by column, whether the pointer is over a column or a card', () => {
    expect(targetName('column:runParallel', columns)).toBe('Run parallel');
    expect(targetName('a', columns)).toBe('Backlog');
    expect(targetName('ghost', columns)).toBeNull();
  });

  it('speaks titles and column names', () => {
    expect(say.onDragStart({ active: active('a') })).toBe('Picked up Task A.');
    expect(say.onDragOver({ active: active('a'), over: active('b') })).toBe('Task A is over Run parallel.');
    expect(say.onDragEnd({ active: active('a'), over: null })).toBe('Task A was put back.');
    expect(say.onDragCancel({ active: active('a'), over: null })).toBe('Dragging was cancelled; Task A was put back.');
  });
});
