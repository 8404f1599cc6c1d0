import { EditorView } from '@codemirror/view';

/** The editors' look in the app's dark palette (CodeMirror injects it as a style element, which the CSP allows). */
export const editorTheme = EditorView.theme(
  {
    '&': { backgroundColor: '#0d0f13', color: '#e6e8ee', height: '100%', fontSize: '12px' },
    '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
    '.cm-content': { caretColor: '#5b8cff' },
    '&.cm-focused': { outline: '1px solid #5b8cff' },
    '&.cm-focused .cm-cursor': { borderLeftColor: '#5b8cff' },
    '.cm-gutters': { backgroundColor: '#12151b', color: '#5d6472', borderRight: '1px solid #2a2f3a' },
    '.cm-activeLine': { backgroundColor: 'rgba(91, 140, 255, 0.06)' },
    '.cm-activeLineGutter': { backgroundColor: 'rgba(91, 140, 255, 0.12)' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#2a3a66' },
  },
  { dark: true },
);
