import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { openAppWindow, type WindowConstructor } from './windowOptions';

/** Stands in for Electron's BrowserWindow: records what the window was opened with. */
function recordingWindow(): { Window: WindowConstructor; options: () => BrowserWindowConstructorOptions } {
  let seen: BrowserWindowConstructorOptions | undefined;
  class Window {
    constructor(options: BrowserWindowConstructorOptions) {
      seen = options;
    }
  }
  return { Window: Window as unknown as WindowConstructor, options: () => seen! };
}

describe('openAppWindow', () => {
  it('isolates and sandboxes the renderer, without Node, and with auxclick disabled', () => {
    const recorder = recordingWindow();
    const window: BrowserWindow = openAppWindow(recorder.Window, '/app/out/preload/index.cjs');
    expect(window).toBeDefined();
    expect(recorder.options().webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('restores saved bounds', () => {
    const recorder = recordingWindow();
    openAppWindow(recorder.Window, '/p', { x: 10, y: 20, width: 1000, height: 700 });
    expect(recorder.options()).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
  });
});
