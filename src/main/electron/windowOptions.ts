import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** A first window big enough for a board with four columns and a terminal grid. */
export const DEFAULT_BOUNDS: WindowBounds = { width: 1400, height: 900 };
/** Below this the board's columns stop being usable. */
const MIN_WIDTH = 900;
const MIN_HEIGHT = 600;

/**
 * The BrowserWindow options, kept apart from `new BrowserWindow` so a unit test can hold them to the
 * security defaults: an isolated, sandboxed renderer without Node, which reaches the core only through
 * the preload's `window.wavelane`.
 */
export function createWindowOptions(preloadPath: string, bounds: WindowBounds = DEFAULT_BOUNDS): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Wavelane',
    backgroundColor: '#111318',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}
