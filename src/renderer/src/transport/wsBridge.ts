import type { AnyEventEnvelope, EventName, WavelaneBridge } from '../../../shared/contract/index';
import type { Result } from '../../../shared/result';
import type { ClientFrame, ServerFrame } from '../../../shared/wire';

/** The minimum of the WebSocket API we use; the browser's WebSocket fits, and so does `ws` in tests. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface WsBridge extends WavelaneBridge {
  readonly state: ConnectionState;
  /** Called on every state change; an `open` after `reconnecting` means "fetch a fresh snapshot". */
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

const OPEN = 1;
/** First reconnect delay; doubles up to the cap so a restarting host is found quickly but not hammered. */
const RECONNECT_BASE_MS = 250;
const RECONNECT_MAX_MS = 5000;

/**
 * The contract over one WebSocket, with reconnection: requests made while the socket is down wait for
 * it, requests in flight when it drops fail with DISCONNECTED (the caller may retry), and listeners
 * survive reconnects.
 */
export function createWsBridge(url: string, createSocket: (url: string) => SocketLike): WsBridge {
  let socket: SocketLike;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, (outcome: Result<unknown>) => void>();
  const queued: ClientFrame[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const connect = () => {
    socket = createSocket(url);
    socket.onopen = () => {
      attempt = 0;
      for (const frame of queued.splice(0)) socket.send(JSON.stringify(frame));
      setState('open');
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as ServerFrame;
      if (frame.type === 'response') {
        pending.get(frame.id)?.(frame.outcome);
        pending.delete(frame.id);
      } else {
        const envelope = frame as AnyEventEnvelope;
        for (const listener of [...(listeners.get(envelope.name) ?? [])]) listener(envelope.payload);
      }
    };
    socket.onerror = () => {
      /* the close event follows and drives reconnection */
    };
    socket.onclose = () => {
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'Lost the connection to Wavelane' } });
        pending.delete(id);
      }
      if (closed) return;
      setState('reconnecting');
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt++);
      timer = setTimeout(connect, delay);
    };
  };
  connect();

  return {
    host: 'web',
    get state() {
      return state;
    },
    request(name, input) {
      const frame: ClientFrame = { type: 'request', id: nextId++, name, input };
      return new Promise((resolve) => {
        pending.set(frame.id, resolve as (outcome: Result<unknown>) => void);
        if (socket.readyState === OPEN) socket.send(JSON.stringify(frame));
        else queued.push(frame);
      });
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket.close();
    },
  };
}
