import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, type OpenDialogOptions } from 'electron';
import Store from 'electron-store';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core/createCore';
import { applyLoginShellEnv } from '../core/processes/loginShellEnv';
import { appUrlMatcher, chooseRendererUrl } from './appUrl';
import { hardenContents, hardenSession } from './hardenSession';
import { registerIpcBridge } from './ipcBridge';
import { createQuitGate } from './quitAfterDispose';
import { createSafeStorageCodec } from './safeStorageCodec';
import { DEFAULT_BOUNDS, openAppWindow, type WindowBounds } from './windowOptions';

/** How many recent projects the store remembers. */
const MAX_RECENT_PROJECTS = 10;

interface AppState {
  bounds: WindowBounds;
  recentProjects: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const rendererUrl = chooseRendererUrl({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  builtIndexUrl: pathToFileURL(path.join(here, '../renderer/index.html')).href,
});
const isAppUrl = appUrlMatcher(rendererUrl);

const store = new Store<AppState>({ defaults: { bounds: DEFAULT_BOUNDS, recentProjects: [] } });
async function pickFolder(): Promise<string | null> {
  const options: OpenDialogOptions = { title: 'Open a git repository', properties: ['openDirectory'] };
  const window = BrowserWindow.getFocusedWindow();
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

// Started at once, beside Electron's own start: a launcher's environment lacks what the user's shell exports (keys, PATH).
const shellEnvRead = applyLoginShellEnv(process.env, (line) => console.warn(line));
let core: Core | null = null;

/** The core, once the login shell's environment is in and safeStorage can be asked (after ready). */
async function startCore(): Promise<Core> {
  await shellEnvRead;
  const secretCodec = await createSafeStorageCodec(safeStorage);
  const started = createCore({
    host: 'electron',
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    pickFolder,
    ...(secretCodec ? { secretCodec } : {}),
  });
  started.onEvent((event) => {
    if (event.name === 'project.changed' && event.payload) {
      const recent = [event.payload.path, ...store.get('recentProjects').filter((p) => p !== event.payload?.path)];
      store.set('recentProjects', recent.slice(0, MAX_RECENT_PROJECTS));
    }
  });
  return started;
}

function createWindow(): BrowserWindow {
  const window = openAppWindow(BrowserWindow, preloadPath, store.get('bounds'));
  hardenContents(window.webContents, isAppUrl);
  window.once('ready-to-show', () => window.show());
  window.on('close', () => store.set('bounds', window.getBounds()));
  void window.loadURL(rendererUrl);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

void app.whenReady().then(async () => {
  hardenSession(session.defaultSession);
  core = await startCore();
  registerIpcBridge(ipcMain, core, () => BrowserWindow.getAllWindows(), isAppUrl);
  const last = process.argv.find((arg) => arg.startsWith('--repo='))?.slice('--repo='.length) ?? store.get('recentProjects')[0];
  if (last) await core.request('project.open', { path: last });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting waits for the core to dispose (agents killed, state flushed), within QUIT_DEADLINE_MS.
app.on(
  'will-quit',
  createQuitGate({
    dispose: () => core?.dispose() ?? Promise.resolve(),
    exit: (code) => app.exit(code),
    report: (message) => console.error(message),
  }),
);
