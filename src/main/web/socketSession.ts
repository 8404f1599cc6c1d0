import type { WebSocket } from 'ws';
import { clientFrameSchema, type ServerFrame } from '../../shared/wire';
import type { Core } from '../core/createCore';

/**
 * One browser tab: requests in, responses and core events out. Frames that do not match the wire
 * schema are answered with INVALID_INPUT (when they carry an id) and never reach the core.
 */
export function attachSocketSession(socket: WebSocket, core: Core, log: (line: string) => void): void {
  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
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
