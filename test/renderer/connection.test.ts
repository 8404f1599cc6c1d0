import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { createConnection } from '../../src/renderer/src/connection';
import { createAppStore } from '../../src/renderer/src/store/appStore';
import { createBoardActions } from '../../src/renderer/src/store/boardActions';
import { createTerminalRegistry } from '../../src/renderer/src/terminal/terminalRegistry';
import { boardSnapshot } from '../../src/renderer/src/testing/boardFixtures';
import { createWsBridge, type SocketLike, type WsBridge } from '../../src/renderer/src/transport/wsBridge';

/** A real WebSocket server answering like the browser host would, counting what it was asked. */
async function startHost() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const asked = new Map<string, number>();
  const answers: Record<string, (n: number) => unknown> = {
    'app.info': () => ({ name: 'Wavelane', version: '1', host: 'web', platform: 'linux' }),
    'project.current': () => ({ path: '/tmp/repo', name: 'repo', branch: 'main', head: null }),
    // Each fetch sees one more task, so the test can tell a re-fetch from a stale board.
    'board.get': (n) => boardSnapshot({ backlog: Array.from({ length: n }, (_, i) => `t${i}`) }),
    'terminal.replay': (n) => ({ taskId: 'a', data: `replay ${n};`, seq: n * 10, live: true }),
    'terminal.ack': () => null,
  };
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { id: number; name: string };
      const n = (asked.get(frame.name) ?? 0) + 1;
      asked.set(frame.name, n);
      const answer = answers[frame.name];
      const outcome = answer ? { ok: true, value: answer(n) } : { ok: false, error: { code: 'UNKNOWN_REQUEST', message: frame.name } };
      socket.send(JSON.stringify({ type: 'response', id: frame.id, outcome }));
    });
  });
  return {
    url: () => `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked: (name: string) => asked.get(name) ?? 0,
    broadcast: (frame: unknown) => server.clients.forEach((client) => client.send(JSON.stringify(frame))),
    dropAll: () => server.clients.forEach((client) => client.terminate()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('createConnection over a real WebSocket', () => {
  let bridge: WsBridge | undefined;
  let host: Awaited<ReturnType<typeof startHost>> | undefined;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    bridge?.close();
    await host?.close();
  });

  it('loads the board at start, applies events, and after a reconnect fetches the board and replays open panes', async () => {
    host = await startHost();
    bridge = createWsBridge(host.url(), (url) => new WebSocket(url) as unknown as SocketLike);
    const store = createAppStore();
    const actions = createBoardActions(bridge.request, store);
    const terminals = createTerminalRegistry({ request: bridge.request, setTimer: setTimeout, clearTimer: (t) => clearTimeout(t as never) });
    stop = createConnection({ bridge, store, actions, terminals }).connect();

    await waitFor(() => store.getState().cardIdsByColumn.backlog.length === 1);
    expect(store.getState().project?.name).toBe('repo');
    expect(store.getState().connection).toBe('open');

    host.broadcast({ type: 'event', name: 'board.changed', payload: boardSnapshot({ backlog: ['x', 'y', 'z'] }) });
    await waitFor(() => store.getState().cardIdsByColumn.backlog.length === 3);

    let screen = '';
    terminals.attach('a', { write: (data, done) => ((screen += data), done?.()), reset: () => (screen = '') });
    await waitFor(() => screen === 'replay 1;');
    host.broadcast({ type: 'event', name: 'terminal.data', payload: { taskId: 'a', seq: 11, data: 'live;' } });
    await waitFor(() => screen === 'replay 1;live;');

    host.dropAll();
    await waitFor(() => store.getState().connection === 'reconnecting');
    await waitFor(() => host!.asked('terminal.replay') === 2 && screen === 'replay 2;');
    expect(host.asked('board.get')).toBe(2);
    expect(store.getState().cardIdsByColumn.backlog).toEqual(['t0', 't1']);
    expect(store.getState().connection).toBe('open');
    // Live output continues after the replay's seq; older chunks are ignored.
    host.broadcast({ type: 'event', name: 'terminal.data', payload: { taskId: 'a', seq: 20, data: 'old;' } });
    host.broadcast({ type: 'event', name: 'terminal.data', payload: { taskId: 'a', seq: 21, data: 'new;' } });
    await waitFor(() => screen === 'replay 2;new;');
  });

  it('clears the board when the project closes and loads it when one opens', async () => {
    host = await startHost();
    bridge = createWsBridge(host.url(), (url) => new WebSocket(url) as unknown as SocketLike);
    const store = createAppStore();
    const actions = createBoardActions(bridge.request, store);
    const terminals = createTerminalRegistry({ request: bridge.request, setTimer: setTimeout, clearTimer: (t) => clearTimeout(t as never) });
    stop = createConnection({ bridge, store, actions, terminals }).connect();
    await waitFor(() => store.getState().snapshot !== null);
    host.broadcast({ type: 'event', name: 'project.changed', payload: null });
    await waitFor(() => store.getState().snapshot === null);
    expect(store.getState().project).toBeNull();
    host.broadcast({ type: 'event', name: 'project.changed', payload: { path: '/tmp/other', name: 'other', branch: null, head: null } });
    await waitFor(() => store.getState().snapshot !== null);
    expect(host.asked('board.get')).toBe(2);
  });
});
