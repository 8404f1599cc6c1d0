import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { choiceTransaction, conflictField } from './conflictDecorations';

const TEXT = [
  'one',
  '<<<<<<< main',
  'TWO main',
  '||||||| base',
  'two',
  '=======',
  'TWO task',
  '>>>>>>> wavelane/t1',
  'three',
  '<<<<<<< main',
  '=======',
  'added by task',
  '>>>>>>> wavelane/t1',
  '',
].join('\n');

/** Each decorated line's number and class, and each toolbar's position, read back from the field. */
function decorations(state: EditorState) {
  const lines: [number, string][] = [];
  const toolbars: number[] = [];
  state.field(conflictField).between(0, state.doc.length, (from, _to, decoration) => {
    const spec = decoration.spec as { class?: string; widget?: unknown };
    if (spec.widget) toolbars.push(state.doc.lineAt(from).number);
    else lines.push([state.doc.lineAt(from).number, spec.class ?? '']);
  });
  return { lines, toolbars };
}

describe('conflict decorations in the Result editor', () => {
  it('puts a toolbar above each hunk and tints every line of it by section', () => {
    const state = EditorState.create({ doc: TEXT, extensions: [conflictField] });
    const { lines, toolbars } = decorations(state);
    expect(toolbars).toEqual([2, 10]);
    expect(lines).toEqual([
      [2, 'cm-conflict-marker'],
      [3, 'cm-conflict-ours'],
      [4, 'cm-conflict-marker'],
      [5, 'cm-conflict-base'],
      [6, 'cm-conflict-marker'],
      [7, 'cm-conflict-theirs'],
      [8, 'cm-conflict-marker'],
      // The second hunk's ours section is empty: no line for it.
      [10, 'cm-conflict-marker'],
      [11, 'cm-conflict-marker'],
      [12, 'cm-conflict-theirs'],
      [13, 'cm-conflict-marker'],
    ]);
  });

  it('follows free edits: deleting a closing marker removes that hunk and its toolbar', () => {
    let state = EditorState.create({ doc: TEXT, extensions: [conflictField] });
    const line = state.doc.line(13);
    state = state.update({ changes: { from: line.from, to: line.to + 1 } }).state;
    expect(decorations(state).toolbars).toEqual([2]);
  });

  it('settles one hunk with a choice as a single undoable change', () => {
    let state = EditorState.create({ doc: TEXT, extensions: [conflictField] });
    const spec = choiceTransaction(state, 0, 'theirs');
    expect(spec).not.toBeNull();
    state = state.update(spec!).state;
    expect(state.doc.toString().startsWith('one\nTWO task\nthree\n<<<<<<< main\n')).toBe(true);
    expect(decorations(state).toolbars).toEqual([4]);
    state = state.update(choiceTransaction(state, 0, 'both')!).state;
    expect(state.doc.toString()).toBe('one\nTWO task\nthree\nadded by task\n');
    expect(decorations(state).toolbars).toEqual([]);
  });

  it('has no change for a hunk that is gone', () => {
    const state = EditorState.create({ doc: 'plain\n', extensions: [conflictField] });
    expect(choiceTransaction(state, 0, 'ours')).toBeNull();
  });
});
