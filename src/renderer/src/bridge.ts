import type { WavelaneBridge } from '../../shared/contract/index';
import { createConnection } from './connection';
import { pickBridge } from './transport/pickBridge';
import type { WsBridge } from './transport/wsBridge';
import { useAppStore } from './store/appStore';
import { createBoardActions } from './store/boardActions';
import { createTerminalRegistry } from './terminal/terminalRegistry';

/** The one bridge of this page, picked at start. */
export const bridge: WavelaneBridge | WsBridge = pickBridge();

/** Any contract request, for dialogs whose answers do not belong in the store (Agent settings). */
export const request: WavelaneBridge['request'] = (name, input) => bridge.request(name, input);

/** What the board asks of the core; answers land in the store. */
export const actions = createBoardActions(request, useAppStore);

/** Terminal output goes from events straight into the panes' xterms, never through the store. */
export const terminals = createTerminalRegistry({
  request,
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle as number),
});

const connection = createConnection({ bridge, store: useAppStore, actions, terminals });

/** Fetches everything the page shows; called at start and after every reconnect. */
export const loadSnapshot = connection.loadSnapshot;

/** Wires core events and connection changes into the store and the terminal panes. */
export function connectStore(): void {
  connection.connect();
}
