import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** Electron's BrowserWindow class, passed in so a unit test can hold the options without Electron. */
export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => ElectronWindow;

/** A first window big enough for a board with four columns and a terminal grid. */
export const DEFAULT_BOUNDS: WindowBounds = { width: 1400, height: 900 };
/** Below this the board's columns stop being usable. */
const MIN_WIDTH = 900;
const MIN_HEIGHT = 600;

/**
 * Opens the app's window: an isolated, sandboxed renderer without Node, which reaches the core only through
 * the preload's `window.wavelane`. The options are written out at the `new BrowserWindow({...})` call, not
 * built elsewhere, so static checkers (electronegativity) see them; the class comes in as a parameter so
 * the unit test holds these options to the security defaults without starting Electron.
 */
export function openAppWindow(BrowserWindow: WindowConstructor, preloadPath: string, bounds: WindowBounds = DEFAULT_BOUNDS): ElectronWindow {
  return new BrowserWindow({
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
      // A middle click on a link would open it in a new window (auxclick); the board has no use for it.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
