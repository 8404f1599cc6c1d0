import { useEffect, useRef } from 'react';
import { EditorState, RangeSetBuilder, type Text } from '@codemirror/state';
import { Decoration, EditorView, lineNumbers } from '@codemirror/view';
import { editorTheme } from './editorTheme';

interface Props {
  /** The pane's heading and the editor's accessible name: "Base", "Ours (main)", "Theirs (wavelane/t1)". */
  label: string;
  /** The version's text; null when the file does not exist on that side. */
  text: string | null;
  /** Shown instead of an editor when `text` is null. */
  missing: string;
  /** 1-based lines to tint: what this side changed relative to the base. */
  changed?: readonly number[];
  /** The tint's colour, and the pane's accent. */
  tone: 'base' | 'ours' | 'theirs';
}

function tinted(doc: Text, lines: readonly number[], tone: string) {
  const decoration = Decoration.line({ class: `cm-changed cm-changed-${tone}` });
  const builder = new RangeSetBuilder<Decoration>();
  for (const number of lines) {
    if (number >= 1 && number <= doc.lines) builder.add(doc.line(number).from, doc.line(number).from, decoration);
  }
  return builder.finish();
}

const NO_LINES: readonly number[] = [];

/**
 * One version of a conflicted file, read-only: the cursor moves and text can be copied, nothing can be
 * typed. Lines the side changed since the base are tinted.
 */
export function VersionPane({ label, text, missing, changed = NO_LINES, tone }: Props) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!host.current || text === null) return;
    const plain = EditorState.create({ doc: text });
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: plain.doc,
        extensions: [
          lineNumbers(),
          EditorState.readOnly.of(true),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
          EditorView.decorations.of(tinted(plain.doc, changed, tone)),
          editorTheme,
        ],
      }),
    });
    return () => view.destroy();
  }, [label, text, changed, tone]);

  return (
    <section className={`version-pane version-${tone}`} aria-label={label}>
      <h4 className="pane-title">{label}</h4>
      {text === null ? <p className="pane-missing">{missing}</p> : <div ref={host} className="pane-editor" />}
    </section>
  );
}
