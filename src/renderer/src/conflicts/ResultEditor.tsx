import { useEffect, useRef, type RefObject } from 'react';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { Compartment, EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { conflictDecorations, type SideNames } from './conflictDecorations';
import { editorTheme } from './editorTheme';

interface Props {
  /** The text to show: the user's unsaved edit or the session's result. A different text from outside (the agent's) replaces the editor's. */
  text: string;
  names: SideNames;
  /** While the agent works or a step is on its way, nothing can be typed or taken. */
  locked: boolean;
  onChange(text: string): void;
  /** Set to the view while it exists, for the Previous and Next conflict buttons. */
  viewRef: RefObject<EditorView | null>;
}

/**
 * The editable Result: the merged text with its conflict hunks, each with Take ours / Take theirs /
 * Take both above it, and free editing with undo. A CRLF file stays CRLF.
 */
export function ResultEditor({ text, names, locked, onChange, viewRef }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const readOnly = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;
  const initial = useRef({ text, locked, names });

  useEffect(() => {
    if (!host.current) return;
    const start = initial.current;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: start.text,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          // The file's own line break comes back out of sliceDoc(), so Mark resolved keeps it.
          start.text.includes('\r\n') ? EditorState.lineSeparator.of('\r\n') : [],
          readOnly.current.of(EditorState.readOnly.of(start.locked)),
          EditorView.contentAttributes.of({ 'aria-label': 'Result' }),
          conflictDecorations(start.names),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.sliceDoc());
          }),
          editorTheme,
        ],
      }),
    });
    view.current = editor;
    viewRef.current = editor;
    return () => {
      viewRef.current = null;
      view.current = null;
      editor.destroy();
    };
    // Created once per file (the parent keys it by path); later props arrive through the effects below.
  }, [viewRef]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnly.current.reconfigure(EditorState.readOnly.of(locked)) });
  }, [locked]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.sliceDoc() === text) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  }, [text]);

  return <div ref={host} className="result-editor" />;
}
