import type { WavelaneBridge } from '../../shared/contract/index';
import { pickBridge } from './transport/pickBridge';
import type { WsBridge } from './transport/wsBridge';
import { useAppStore } from './store/appStore';

/** The one bridge of this page, picked at start. */
export const bridge: WavelaneBridge | WsBridge = pickBridge();

/** Fetches everything the page shows; called at start and after every reconnect. */
export async function loadSnapshot(): Promise<void> {
  const store = useAppStore.getState();
  const [info, project] = await Promise.all([bridge.request('app.info', {}), bridge.request('project.current', {})]);
  if (info.ok) store.setInfo(info.value);
  if (project.ok) store.setProject(project.value);
}

/** Wires core events and connection changes into the store. */
export function connectStore(): void {
  bridge.on('project.changed', (project) => useAppStore.getState().setProject(project));
  if ('onState' in bridge) {
    let wasDown = false;
    bridge.onState((state) => {
      useAppStore.getState().setConnection(state);
      if (state === 'reconnecting') wasDown = true;
      if (state === 'open' && wasDown) void loadSnapshot();
    });
  } else {
    useAppStore.getState().setConnection('open');
  }
  void loadSnapshot();
}
