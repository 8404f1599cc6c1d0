import { contextBridge, ipcRenderer } from 'electron';
import type { AnyEventEnvelope, WavelaneBridge } from '../shared/contract/index';

/**
 * The renderer's only door to the core: `window.wavelane`, typed from the contract. It forwards
 * requests over IPC (validated in main) and fans events out to listeners; it exposes no Node or
 * Electron object. Built as CommonJS because a sandboxed preload cannot be an ES module.
 */
const REQUEST_CHANNEL_PREFIX = 'wavelane:';
const EVENT_CHANNEL = 'wavelane:event';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, envelope: AnyEventEnvelope) => {
  for (const listener of listeners.get(envelope.name) ?? []) listener(envelope.payload);
});

const bridge: WavelaneBridge = {
  host: 'electron',
  request: (name, input) => ipcRenderer.invoke(REQUEST_CHANNEL_PREFIX + name, input),
  on(name, listener) {
    const set = listeners.get(name) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(name, set);
    return () => set.delete(listener as (payload: unknown) => void);
  },
};

contextBridge.exposeInMainWorld('wavelane', bridge);
