import type { BrowserWindow, IpcMain } from 'electron';
import { requests, type RequestName } from '../../shared/contract/index';
import type { Core } from '../core/createCore';
import type { Disposable } from '../core/events/disposable';

/** The channel names, shared with the preload by convention: `wavelane:<request>` and `wavelane:event`. */
export const REQUEST_CHANNEL_PREFIX = 'wavelane:';
export const EVENT_CHANNEL = 'wavelane:event';

/**
 * One `ipcMain.handle` per contract request; the core's dispatcher validates every input against the
 * request's schema before a handler sees it. Events go only to windows that are still alive.
 */
export function registerIpcBridge(
  ipcMain: IpcMain,
  core: Core,
  windows: () => BrowserWindow[],
  isAppUrl: (url: string) => boolean,
): Disposable {
  const names = Object.keys(requests) as RequestName[];
  for (const name of names) {
    ipcMain.handle(REQUEST_CHANNEL_PREFIX + name, (event, input: unknown) => {
      // Only our own page may talk to the core; a frame that navigated elsewhere gets nothing.
      const url = event.senderFrame?.url ?? '';
      if (!isAppUrl(url)) {
        return { ok: false, error: { code: 'INTERNAL', message: `Refused a request from ${url || 'an unknown frame'}` } };
      }
      return core.request(name, input);
    });
  }
  const subscription = core.onEvent((event) => {
    for (const window of windows()) {
      if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
        window.webContents.send(EVENT_CHANNEL, event);
      }
    }
  });
  return {
    dispose() {
      subscription.dispose();
      for (const name of names) ipcMain.removeHandler(REQUEST_CHANNEL_PREFIX + name);
    },
  };
}
