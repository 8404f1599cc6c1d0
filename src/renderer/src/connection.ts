import type { WavelaneBridge } from '../../shared/contract/index';
import type { AppStoreApi } from './store/appStore';
import type { BoardActions } from './store/boardActions';
import type { WsBridge } from './transport/wsBridge';
import type { TerminalRegistry } from './terminal/terminalRegistry';

export interface ConnectionParts {
  bridge: WavelaneBridge | WsBridge;
  store: AppStoreApi;
  actions: BoardActions;
  terminals: TerminalRegistry;
}

/**
 * Wires the core's events into the store and the terminal panes, and fetches what the page shows: at
 * start, when the project changes, and after every reconnect (events were lost while the socket was
 * down, so the board is fetched again and every open pane replays).
 */
export function createConnection({ bridge, store, actions, terminals }: ConnectionParts) {
  const state = () => store.getState();

  async function loadSnapshot(): Promise<void> {
    const [info, project] = await Promise.all([bridge.request('app.info', {}), bridge.request('project.current', {})]);
    if (info.ok) state().setInfo(info.value);
    if (!project.ok) return;
    state().setProject(project.value);
    if (project.value) await actions.loadBoard();
    else state().clearBoard();
  }

  function connect(): () => void {
    const stops = [
      bridge.on('project.changed', (project) => {
        const previous = state().project;
        state().setProject(project);
        if (!project) state().clearBoard();
        else if (project.path !== previous?.path || !state().snapshot) void actions.loadBoard();
      }),
      bridge.on('board.changed', (snapshot) => state().applySnapshot(snapshot)),
      bridge.on('run.changed', (run) => state().applyRun(run)),
      bridge.on('terminal.data', (chunk) => terminals.onData(chunk)),
    ];
    if ('onState' in bridge) {
      let wasDown = false;
      stops.push(
        bridge.onState((connection) => {
          state().setConnection(connection);
          if (connection === 'reconnecting') wasDown = true;
          if (connection === 'open' && wasDown) {
            wasDown = false;
            void loadSnapshot().then(() => terminals.replayAll());
          }
        }),
      );
    } else {
      state().setConnection('open');
    }
    void loadSnapshot();
    return () => stops.forEach((stop) => stop());
  }

  return { loadSnapshot, connect };
}
