import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { CLOSE_FELL_BEHIND } from '../../../src/shared/wireConstants';
import { createWsBridge, type ConnectionState, type SocketLike, type WsBridge } from '../../../src/renderer/src/transport/wsBridge';

/** A real WebSocket server that answers like the browser host, and can drop every client. */
async function startServer(port = 0) {
  const server = new WebSocketServer({ port, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.name === 'app.info') {
        socket.send(JSON.stringify({ type: 'response', id: frame.id, outcome: { ok: true, value: { version: '1' } } }));
      }
      // 'never.answers' is left pending on purpose, to test a drop mid-request.
    });
  });
  return {
    server,
    port: () => (server.address() as AddressInfo).port,
    broadcast: (frame: unknown) => server.clients.forEach((client) => client.send(JSON.stringify(frame))),
    dropAll: () => server.clients.forEach((client) => client.terminate()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('createWsBridge (real WebSocket)', () => {
  let bridge: WsBridge | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => {
    bridge?.close();
    await server?.close();
  });

  it('sends requests made before the socket opened, and delivers events to listeners', async () => {
    server = await startServer();
    bridge = createWsBridge(`ws://127.0.0.1:${server.port()}`, (url) => new WebSocket(url) as unknown as SocketLike);
    const info = bridge.request('app.info', {});
    expect(await info).toEqual({ ok: true, value: { version: '1' } });
    const seen: unknown[] = [];
    bridge.on('project.changed', (payload) => seen.push(payload));
    server.broadcast({ type: 'event', name: 'project.changed', payload: { name: 'repo' } });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([{ name: 'repo' }]);
  });

  it('fails requests in flight when the connection drops, reconnects, and keeps listeners', async () => {
    server = await startServer();
    const states: ConnectionState[] = [];
    bridge = createWsBridge(`ws://127.0.0.1:${server.port()}`, (url) => new WebSocket(url) as unknown as SocketLike);
    bridge.onState((state) => states.push(state));
    await waitFor(() => bridge!.state === 'open');
    const seen: unknown[] = [];
    bridge.on('project.changed', (payload) => seen.push(payload));
    const inFlight = bridge.request('project.current' as 'app.info', {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.dropAll();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
    await waitFor(() => states.includes('reconnecting'));
    await waitFor(() => bridge!.state === 'open');
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
    server.broadcast({ type: 'event', name: 'project.changed', payload: null });
    await waitFor(() => seen.length === 1);
    expect(states).toEqual(['open', 'reconnecting', 'open']);
  });

  it('reconnects to a host that restarts on the same port', async () => {
    server = await startServer();
    const port = server.port();
    bridge = createWsBridge(`ws://127.0.0.1:${port}`, (url) => new WebSocket(url) as unknown as SocketLike);
    await waitFor(() => bridge!.state === 'open');
    server.dropAll();
    await server.close();
    await waitFor(() => bridge!.state === 'reconnecting');
    server = await startServer(port);
    await waitFor(() => bridge!.state === 'open', 10_000);
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
  });

  it('reconnects after the host closes it for falling behind, so the page fetches a fresh board', async () => {
    server = await startServer();
    const states: ConnectionState[] = [];
    bridge = createWsBridge(`ws://127.0.0.1:${server.port()}`, (url) => new WebSocket(url) as unknown as SocketLike);
    bridge.onState((state) => states.push(state));
    await waitFor(() => bridge!.state === 'open');
    server.server.clients.forEach((client) => client.close(CLOSE_FELL_BEHIND, 'fell behind'));
    await waitFor(() => states.length === 3);
    // 'open' after 'reconnecting' is what makes the connection reload the snapshot (src/renderer/src/connection.ts).
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true });
  });
});

