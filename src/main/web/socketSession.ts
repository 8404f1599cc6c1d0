import type { WebSocket } from 'ws';
import { CLOSE_FELL_BEHIND, clientFrameSchema, type ServerFrame } from '../../shared/wire';
import type { Core } from '../core/createCore';

/**
 * The most a socket may have queued and unsent (ws's `bufferedAmount`: its own queue plus the OS socket's
 * unsent bytes). A board snapshot with large prompts is ~1 MB and a loopback client drains MBs per
 * millisecond, so a healthy tab never gets near this; a tab that stopped reading (frozen, suspended, a
 * script that never reads) would otherwise make the host hold every event forever.
 */
export const MAX_SOCKET_BUFFERED_BYTES = 8 * 1024 * 1024;
/** The close reason a client that fell behind gets (a close reason is at most 123 bytes). */
export const FELL_BEHIND_REASON = 'fell behind: too much unread; reconnect and fetch a fresh board';

/**
 * One browser tab: requests in, responses and core events out. Frames that do not match the wire
 * schema are answered with INVALID_INPUT (when they carry an id) and never reach the core. A tab whose
 * unsent frames would pass the cap is closed with CLOSE_FELL_BEHIND and gets nothing more: its page
 * reconnects and fetches a fresh snapshot, which is all a dropped event would have told it.
 */
export function attachSocketSession(socket: WebSocket, core: Core, log: (line: string) => void): void {
  const cap = MAX_SOCKET_BUFFERED_BYTES;
  const send = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    const text = JSON.stringify(frame);
    const queued = socket.bufferedAmount;
    if (queued + Buffer.byteLength(text) > cap) {
      log(`closed a client that fell behind: ${queued} bytes unsent, cap ${cap}`);
      subscription.dispose();
      // Nothing is sent after this (ws refuses sends once closing); the close frame waits behind the queue,
      // and ws destroys the connection if the client does not answer the close in time.
      socket.close(CLOSE_FELL_BEHIND, FELL_BEHIND_REASON);
      return;
    }
    socket.send(text);
  };
  const subscription = core.onEvent((event) => send({ type: 'event', ...event }));

  socket.on('message', async (data, isBinary) => {
    if (isBinary) {
      log('ignored a binary frame');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      log('ignored a frame that is not JSON');
      return;
    }
    const frame = clientFrameSchema.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number') {
        send({
          type: 'response',
          id,
          outcome: { ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed request frame' } },
        });
      }
      log('ignored a malformed frame');
      return;
    }
    const outcome = await core.request(frame.data.name, frame.data.input);
    send({ type: 'response', id: frame.data.id, outcome });
  });

  socket.on('close', () => subscription.dispose());
  socket.on('error', (error) => log(`socket error: ${error.message}`));
}
