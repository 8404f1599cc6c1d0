import { EditorSelection, Facet, RangeSetBuilder, StateField, type EditorState, type Extension, type TransactionSpec } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { findHunks, hunkReplacement, type ConflictHunk, type HunkChoice } from './conflictHunks';

/**
 * The Result editor's view of conflict hunks: tinted ours/base/theirs sections, dimmed marker lines,
 * and above each hunk a bar with Take ours, Take theirs and Take both for the mouse, right where the
 * hunk is. CodeMirror renders only the lines near the viewport, so these bars come and go as the
 * editor scrolls: the accessible toolbars (one `group` "Conflict N" per hunk, always present) are the
 * HunkList beside the editor, and these bars are hidden from screen readers and the Tab order.
 * Hunks are found again after every change, so free editing and the buttons always agree.
 */

export interface SideNames {
  /** The target branch ("ours") and the task branch ("theirs"), for the buttons' descriptions. */
  ours: string;
  theirs: string;
}

export const sideNames = Facet.define<SideNames, SideNames>({
  combine: (values) => values[0] ?? { ours: 'ours', theirs: 'theirs' },
});

const CHOICES: { choice: HunkChoice; label: string; describe(names: SideNames): string }[] = [
  { choice: 'ours', label: 'Take ours', describe: (names) => `Keep the version on ${names.ours}` },
  { choice: 'theirs', label: 'Take theirs', describe: (names) => `Keep the version on ${names.theirs}` },
  { choice: 'both', label: 'Take both', describe: (names) => `Keep ${names.ours}'s lines, then ${names.theirs}'s` },
];

/** The change that settles hunk `index` of the state's document with a choice; null when there is no such hunk. */
export function choiceTransaction(state: EditorState, index: number, choice: HunkChoice): TransactionSpec | null {
  const text = state.doc.toString();
  const hunk = findHunks(text)[index];
  if (!hunk) return null;
  const insert = hunkReplacement(text, hunk, choice);
  return {
    changes: { from: hunk.from, to: hunk.to, insert },
    selection: EditorSelection.cursor(hunk.from),
    scrollIntoView: true,
    userEvent: 'input.conflict',
  };
}

/** Settles hunk `index` in the view (one undoable change) and returns focus to the text. */
export function takeChoice(view: EditorView, index: number, choice: HunkChoice): boolean {
  const spec = choiceTransaction(view.state, index, choice);
  if (!spec || view.state.readOnly) return false;
  view.dispatch(spec);
  return true;
}

/** Puts the cursor on hunk `index` and scrolls it into view. */
export function revealHunk(view: EditorView, index: number): void {
  const hunk = findHunks(view.state.doc.toString())[index];
  if (!hunk) return;
  view.dispatch({ selection: EditorSelection.cursor(hunk.from), effects: EditorView.scrollIntoView(hunk.from, { y: 'center' }) });
  view.focus();
}

/** Moves the cursor to the next (or previous) hunk, wrapping around; false when there is none. */
export function goToHunk(view: EditorView, direction: 1 | -1): boolean {
  const hunks = findHunks(view.state.doc.toString());
  if (hunks.length === 0) return false;
  const head = view.state.selection.main.head;
  const target =
    direction === 1
      ? (hunks.find((hunk) => hunk.from > head) ?? hunks[0]!)
      : ([...hunks].reverse().find((hunk) => hunk.to <= head && hunk.from < head) ?? hunks[hunks.length - 1]!);
  view.dispatch({ selection: EditorSelection.cursor(target.from), scrollIntoView: true });
  view.focus();
  return true;
}

class HunkToolbar extends WidgetType {
  constructor(
    readonly index: number,
    readonly total: number,
    readonly locked: boolean,
  ) {
    super();
  }

  override eq(other: HunkToolbar): boolean {
    return other.index === this.index && other.total === this.total && other.locked === this.locked;
  }

  toDOM(view: EditorView): HTMLElement {
    const names = view.state.facet(sideNames);
    const bar = document.createElement('div');
    bar.className = 'cm-hunk-toolbar';
    bar.setAttribute('aria-hidden', 'true');
    const title = document.createElement('span');
    title.className = 'cm-hunk-title';
    title.textContent = `Conflict ${this.index + 1} of ${this.total}`;
    bar.append(title);
    for (const { choice, label, describe } of CHOICES) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.title = describe(names);
      button.disabled = this.locked;
      button.tabIndex = -1;
      button.className = `cm-hunk-take cm-hunk-take-${choice}`;
      // Keep the editor's selection where it is until the click lands.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => {
        if (takeChoice(view, this.index, choice)) view.focus();
      });
      bar.append(button);
    }
    return bar;
  }

  /** The buttons handle their own events; the editor must not treat clicks on them as text clicks. */
  override ignoreEvent(): boolean {
    return true;
  }
}

const markerLine = Decoration.line({ class: 'cm-conflict-marker' });
const sectionLine = {
  ours: Decoration.line({ class: 'cm-conflict-ours' }),
  base: Decoration.line({ class: 'cm-conflict-base' }),
  theirs: Decoration.line({ class: 'cm-conflict-theirs' }),
};

function build(state: EditorState): DecorationSet {
  const doc = state.doc;
  const hunks = findHunks(doc.toString());
  const builder = new RangeSetBuilder<Decoration>();
  const locked = state.readOnly;
  for (const hunk of hunks) {
    builder.add(hunk.from, hunk.from, Decoration.widget({ widget: new HunkToolbar(hunk.index, hunks.length, locked), block: true, side: -1 }));
    for (const [from, to, decoration] of lineRanges(hunk)) {
      // A span ends after its last line break: its last line is the one before `to`.
      const last = doc.lineAt(Math.max(from, to - 1)).number;
      for (let line = doc.lineAt(from).number; line <= last; line += 1) {
        const start = doc.line(line).from;
        builder.add(start, start, decoration);
      }
    }
  }
  return builder.finish();
}

/** The hunk's lines in document order, each with its decoration; empty sections have no lines. */
function lineRanges(hunk: ConflictHunk): [number, number, Decoration][] {
  const [open, ...rest] = hunk.markerSpans;
  const close = rest[rest.length - 1]!;
  const separator = rest[rest.length - 2]!;
  const baseMarker = hunk.baseSpan ? rest[0]! : null;
  const ranges: [number, number, Decoration][] = [[open!.from, open!.to, markerLine]];
  const section = (from: number, to: number, decoration: Decoration) => {
    if (to > from) ranges.push([from, to, decoration]);
  };
  section(hunk.oursSpan.from, hunk.oursSpan.to, sectionLine.ours);
  if (baseMarker && hunk.baseSpan) {
    ranges.push([baseMarker.from, baseMarker.to, markerLine]);
    section(hunk.baseSpan.from, hunk.baseSpan.to, sectionLine.base);
  }
  ranges.push([separator.from, separator.to, markerLine]);
  section(hunk.theirsSpan.from, hunk.theirsSpan.to, sectionLine.theirs);
  ranges.push([close.from, close.to, markerLine]);
  return ranges;
}

/** Recomputed on every edit, and when the editor is locked or unlocked (the buttons follow). */
export const conflictField = StateField.define<DecorationSet>({
  create: build,
  update: (decorations, tr) =>
    tr.docChanged || tr.startState.readOnly !== tr.state.readOnly ? build(tr.state) : decorations,
  provide: (field) => EditorView.decorations.from(field),
});

export function conflictDecorations(names: SideNames): Extension {
  return [sideNames.of(names), conflictField];
}
