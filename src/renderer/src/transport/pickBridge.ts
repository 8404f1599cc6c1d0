import type { WavelaneBridge } from '../../../shared/contract/index';
import { TOKEN_PARAM, WS_PATH } from '../../../shared/wireConstants';
import { createWsBridge, type SocketLike, type WsBridge } from './wsBridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    wavelane?: WavelaneBridge;
  }
}

/** Keeps the token across reloads without leaving it in the address bar (or in screenshots). */
const TOKEN_STORAGE_KEY = 'wavelane.token';

export function readToken(location: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get(TOKEN_PARAM);
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    params.delete(TOKEN_PARAM);
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

/** Chosen once at start: the preload's bridge under Electron, the WebSocket client in a browser. */
export function pickBridge(): WavelaneBridge | WsBridge {
  if (window.wavelane) return window.wavelane;
  const token = readToken(window.location, window.sessionStorage, window.history) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  // The DOM's handler types name DOM events; SocketLike only needs the shape, so the cast is safe.
  return createWsBridge(url, (address) => new WebSocket(address) as unknown as SocketLike);
}
